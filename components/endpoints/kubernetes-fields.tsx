'use client';

import { load } from 'js-yaml';
import { useState, type ChangeEvent } from 'react';
import { useWatch, type UseFormReturn } from 'react-hook-form';
import { FieldError } from '@/components/ui/states';
import type { EndpointFormValues } from './form-values';

interface KubeconfigInfo {
  contexts: string[];
  current?: string;
  /** API server URL per context name. */
  servers: Record<string, string>;
  /** Contexts whose cluster embeds certificate-authority-data. */
  withCa: string[];
}

type Named<T> = { name?: unknown } & T;

/** Reads the context names (and their servers) from an uploaded kubeconfig, in the browser. */
export function readKubeconfig(text: string): KubeconfigInfo {
  const doc = load(text) as {
    contexts?: Named<{ context?: { cluster?: string } }>[];
    clusters?: Named<{ cluster?: { server?: string; 'certificate-authority-data'?: string } }>[];
    'current-context'?: string;
  } | null;
  if (!doc || typeof doc !== 'object')
    throw new Error('not a kubeconfig (expected a YAML mapping)');
  const clusters = new Map(
    (doc.clusters ?? []).map((c) => [String(c.name), c.cluster ?? {}] as const),
  );
  const contexts = (doc.contexts ?? []).map((c) => String(c.name));
  const servers: Record<string, string> = {};
  const withCa: string[] = [];
  for (const c of doc.contexts ?? []) {
    const cl = clusters.get(String(c.context?.cluster));
    if (cl?.server) servers[String(c.name)] = cl.server;
    if (cl?.['certificate-authority-data']) withCa.push(String(c.name));
  }
  if (contexts.length === 0) throw new Error('the kubeconfig defines no contexts');
  return { contexts, current: doc['current-context'], servers, withCa };
}

/** Kubernetes credentials: bearer token, client certificate + key, or a kubeconfig + context. */
export function KubernetesFields({
  form,
  editing,
  onKubeconfig,
}: {
  form: UseFormReturn<EndpointFormValues>;
  editing: {
    tokenSet?: boolean;
    clientCertSet?: boolean;
    clientKeySet?: boolean;
    kubeconfigSet?: boolean;
  };
  onKubeconfig: (info: KubeconfigInfo | undefined) => void;
}) {
  const { register, control, setValue, formState } = form;
  const errors = formState.errors;
  const authType = useWatch({ control, name: 'authType' });
  const [info, setInfo] = useState<KubeconfigInfo>();
  const [fileError, setFileError] = useState<string>();
  const keep = (set?: boolean) => (set ? 'Set — leave empty to keep it' : undefined);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setFileError(undefined);
    if (!file) return;
    const text = await file.text();
    try {
      const parsed = readKubeconfig(text);
      setInfo(parsed);
      onKubeconfig(parsed);
      setValue('kubeconfig', text);
      const ctx =
        parsed.current && parsed.contexts.includes(parsed.current)
          ? parsed.current
          : parsed.contexts[0]!;
      setValue('context', ctx);
    } catch (err) {
      setInfo(undefined);
      onKubeconfig(undefined);
      setValue('kubeconfig', '');
      setFileError(`This file is not a usable kubeconfig: ${(err as Error).message}`);
    }
  }

  return (
    <>
      <label>
        Authentication
        <select {...register('authType')}>
          <option value="TOKEN">Bearer token</option>
          <option value="CERTIFICATE">Client certificate</option>
          <option value="KUBECONFIG">Kubeconfig file</option>
        </select>
      </label>
      {authType === 'TOKEN' && (
        <label>
          Token
          <input
            type="password"
            autoComplete="off"
            placeholder={keep(editing.tokenSet)}
            {...register('token')}
            aria-invalid={errors.token ? true : undefined}
          />
          <FieldError message={errors.token?.message} />
        </label>
      )}
      {authType === 'CERTIFICATE' && (
        <>
          <label>
            Client certificate (PEM)
            <textarea
              rows={4}
              className="mono"
              placeholder={keep(editing.clientCertSet) ?? '-----BEGIN CERTIFICATE-----'}
              {...register('clientCert')}
            />
            <FieldError message={errors.clientCert?.message} />
          </label>
          <label>
            Client key (PEM)
            <textarea
              rows={4}
              className="mono"
              placeholder={keep(editing.clientKeySet) ?? '-----BEGIN PRIVATE KEY-----'}
              {...register('clientKey')}
            />
            <FieldError message={errors.clientKey?.message} />
          </label>
        </>
      )}
      {authType === 'KUBECONFIG' && (
        <>
          <label>
            Kubeconfig file
            <input type="file" onChange={(e) => void onFile(e)} />
            {editing.kubeconfigSet && !info && (
              <span className="muted small">
                A kubeconfig is stored; upload another to replace it.
              </span>
            )}
            <FieldError message={fileError ?? errors.kubeconfig?.message} />
          </label>
          <label>
            Context
            {info ? (
              <select {...register('context')}>
                {info.contexts.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input {...register('context')} autoComplete="off" />
            )}
            <FieldError message={errors.context?.message} />
          </label>
        </>
      )}
      <label>
        Default namespace
        <input {...register('namespace')} autoComplete="off" />
        <FieldError message={errors.namespace?.message} />
      </label>
    </>
  );
}
