'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useCurrentProject } from '@/components/shell/project-context';
import { FieldError } from '@/components/ui/states';
import { apiFetch, ApiError } from '@/lib/client/api';
import type { CertificateInfoDto, EndpointDto } from '@/lib/schemas/endpoint';
import { CertificatePanel } from './certificate-panel';
import { fieldOf, initialValues, toProperties, type EndpointFormValues } from './form-values';
import { KubernetesFields, type readKubeconfig } from './kubernetes-fields';
import { endpointsQueryKey } from './queries';

/**
 * New / Edit endpoint. Credentials are write-only: on edit the fields start empty and say that a
 * value is set; leaving one empty keeps it. An https server the system does not trust must have
 * its certificate accepted (or, for Kubernetes, a CA given) before the endpoint saves.
 */
export function EndpointForm({
  endpoint,
  onSaved,
  onCancel,
  fixed,
}: {
  endpoint?: EndpointDto;
  onSaved: (e: EndpointDto) => void;
  onCancel?: () => void;
  /** A new endpoint of this project and type only (another form asked for it): not choosable. */
  fixed?: { project: string; type: EndpointDto['type'] };
}) {
  const qc = useQueryClient();
  const { projects, current } = useCurrentProject();
  const form = useForm<EndpointFormValues>({
    defaultValues: {
      ...initialValues(current?.id ?? '', endpoint),
      ...(fixed && { project: fixed.project, type: fixed.type }),
    },
  });
  const { register, control, setValue, handleSubmit, formState, setError, clearErrors } = form;
  const errors = formState.errors;
  const [error, setFormError] = useState<string>();
  const [cert, setCert] = useState<CertificateInfoDto>();
  const [kubeInfo, setKubeInfo] = useState<ReturnType<typeof readKubeconfig>>();
  const [type, serverType, url, fingerprint, caCert, context] = useWatch({
    control,
    name: ['type', 'serverType', 'url', 'fingerprint', 'caCert', 'context'],
  });
  const p = endpoint?.properties ?? {};

  // For a kubeconfig the server comes from the chosen context unless a URL is typed.
  const effectiveUrl =
    url.trim() ||
    (type === 'KUBERNETES'
      ? (kubeInfo?.servers[context] ?? '')
      : serverType === 'DOCKER_HUB'
        ? 'https://hub.docker.com'
        : '');
  const kubeconfigCa = type === 'KUBERNETES' && !!kubeInfo?.withCa.includes(context);
  const caGiven = type === 'KUBERNETES' && (!!caCert.trim() || kubeconfigCa);

  const onSubmit = handleSubmit(async (v) => {
    setFormError(undefined);
    if (cert && !cert.trusted && !v.fingerprint && !caGiven) {
      setError('fingerprint', {
        type: 'client',
        message: 'The system does not trust this server: accept its certificate before saving.',
      });
      return;
    }
    try {
      const properties = toProperties(v);
      const saved = endpoint
        ? await apiFetch<EndpointDto>(`/api/v1/endpoints/${endpoint.id}`, {
            method: 'PATCH',
            json: { name: v.name, properties },
          })
        : await apiFetch<EndpointDto>('/api/v1/endpoints', {
            method: 'POST',
            json: { project: v.project, name: v.name, type: v.type, properties },
          });
      await qc.invalidateQueries({ queryKey: endpointsQueryKey });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setError('name', { type: 'server', message: err.message });
        return;
      }
      if (err instanceof ApiError) {
        let applied = false;
        for (const [path, message] of Object.entries(err.fieldErrors())) {
          const f = fieldOf(path);
          if (f) {
            setError(f, { type: 'server', message });
            applied = true;
          }
        }
        if (applied) return;
      }
      setFormError(err instanceof Error ? err.message : String(err));
    }
  });

  return (
    <form
      className="form"
      onSubmit={(e) => {
        // Errors of an earlier try (a certificate not yet accepted, the server's answer) are
        // judged again: react-hook-form would otherwise keep refusing to submit.
        clearErrors();
        void onSubmit(e);
      }}
      noValidate
      aria-label={endpoint ? 'Edit endpoint' : 'New endpoint'}
    >
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {fixed ? (
        <p className="small muted no-margin">
          A {fixed.type === 'KUBERNETES' ? 'Kubernetes' : 'Docker registry'} endpoint in project{' '}
          <strong>{projects.find((pr) => pr.id === fixed.project)?.name ?? fixed.project}</strong>.
        </p>
      ) : (
        <>
          <label>
            Project
            <select {...register('project')} disabled={!!endpoint}>
              {projects.map((pr) => (
                <option key={pr.id} value={pr.id}>
                  {pr.name}
                </option>
              ))}
            </select>
            <FieldError message={errors.project?.message} />
          </label>
          <label>
            Type
            <select {...register('type')} disabled={!!endpoint}>
              <option value="DOCKER_REGISTRY">Docker registry</option>
              <option value="KUBERNETES">Kubernetes</option>
            </select>
          </label>
        </>
      )}
      <label>
        Name
        <input
          {...register('name')}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
        />
        <FieldError message={errors.name?.message} />
      </label>

      {type === 'DOCKER_REGISTRY' ? (
        <>
          <label>
            Server type
            <select {...register('serverType')}>
              <option value="DOCKER_HUB">Docker Hub</option>
              <option value="HARBOR">Harbor</option>
              <option value="REGISTRY_V2">Docker Registry (V2 API)</option>
            </select>
          </label>
          <label>
            URL
            <input
              {...register('url', { onChange: () => setCert(undefined) })}
              placeholder={
                serverType === 'DOCKER_HUB'
                  ? 'https://hub.docker.com'
                  : 'https://registry.example.com'
              }
              autoComplete="off"
              aria-invalid={errors.url ? true : undefined}
            />
            <FieldError message={errors.url?.message} />
          </label>
          <label>
            Username
            <input {...register('username')} autoComplete="off" />
            <FieldError message={errors.username?.message} />
          </label>
          <label>
            Password or access token
            <input
              type="password"
              autoComplete="new-password"
              placeholder={p.passwordSet ? 'Set — leave empty to keep it' : undefined}
              {...register('password')}
              aria-invalid={errors.password ? true : undefined}
            />
            <FieldError message={errors.password?.message} />
          </label>
        </>
      ) : (
        <>
          <label>
            API server URL
            <input
              {...register('url', { onChange: () => setCert(undefined) })}
              placeholder="https://kubernetes.example.com:6443"
              autoComplete="off"
              aria-invalid={errors.url ? true : undefined}
            />
            <FieldError message={errors.url?.message} />
          </label>
          <KubernetesFields
            form={form}
            editing={p as Record<string, boolean>}
            onKubeconfig={(i) => {
              setKubeInfo(i);
              setCert(undefined);
            }}
          />
          <label>
            CA certificate (PEM, optional)
            <textarea
              rows={3}
              className="mono"
              {...register('caCert')}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
            <FieldError message={errors.caCert?.message} />
          </label>
        </>
      )}

      <CertificatePanel
        url={effectiveUrl}
        fingerprint={fingerprint}
        trustedOtherwise={caGiven}
        onFetched={setCert}
        onAccept={(fp) => {
          setValue('fingerprint', fp);
          clearErrors('fingerprint');
        }}
        onClear={() => setValue('fingerprint', '')}
      />
      <FieldError message={errors.fingerprint?.message} />

      <div className="row dialog-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button className="primary" type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? 'Saving…' : endpoint ? 'Save changes' : 'Create endpoint'}
        </button>
      </div>
    </form>
  );
}
