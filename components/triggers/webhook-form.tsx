'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { applyFieldErrors } from '@/components/projects/format';
import { useCurrentProject } from '@/components/shell/project-context';
import { GenerateTokenDialog } from '@/components/tokens/generate-token-dialog';
import { FieldError } from '@/components/ui/states';
import { apiFetch, ApiError } from '@/lib/client/api';
import type { DockerWebhookDto } from '@/lib/schemas/docker-webhook';
import { InlineEndpointDialog } from './inline-endpoint-dialog';
import { otherInputs, useDockerEndpoints, useDockerPipelines, webhooksKey } from './queries';

interface Values {
  project: string;
  name: string;
  description: string;
  endpoint: string;
  pipeline: string;
  inputs: Record<string, string>;
  refreshToken: string;
  repository: string;
  tagPattern: string;
  enabled: boolean;
}

const FIELDS = [
  'project',
  'name',
  'description',
  'endpoint',
  'pipeline',
  'refreshToken',
  'repository',
  'tagPattern',
] as const;

/**
 * New / Edit webhook for Docker, in the order of the product page. Rendered once the projects
 * are known (NewWebhook, EditWebhook), so a new one starts in the current project.
 */
export function WebhookForm({ webhook }: { webhook?: DockerWebhookDto }) {
  const router = useRouter();
  const qc = useQueryClient();
  const { projects, current, setCurrent } = useCurrentProject();
  const [tokenOpen, setTokenOpen] = useState(false);
  const [endpointOpen, setEndpointOpen] = useState(false);
  const [error, setError] = useState<string>();
  const form = useForm<Values>({
    defaultValues: {
      project: webhook?.project.id ?? current?.id ?? '',
      name: webhook?.name ?? '',
      description: webhook?.description ?? '',
      endpoint: webhook?.endpoint.id ?? '',
      pipeline: webhook?.pipeline.id ?? '',
      inputs: webhook?.inputs ?? {},
      refreshToken: '',
      repository: webhook?.repository ?? '',
      tagPattern: webhook?.tagPattern ?? '*',
      enabled: webhook?.enabled ?? true,
    },
  });
  const { register, control, handleSubmit, setValue, getValues, formState } = form;
  const errors = formState.errors;
  // The selects are controlled by the form's values: their options arrive after the first render
  // (projects, endpoints, pipelines), and an uncontrolled select would stay on its placeholder.
  const [project, endpointId, pipelineId] = useWatch({
    control,
    name: ['project', 'endpoint', 'pipeline'],
  });
  const endpoints = useDockerEndpoints(project);
  const pipelines = useDockerPipelines(project);
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);
  const inputs = otherInputs(pipeline);

  // A newly chosen pipeline brings its inputs with their defaults; values already typed (or
  // saved on the webhook being edited) are kept. Fields register empty, so "" means "not typed".
  useEffect(() => {
    if (!pipeline) return;
    const now = getValues('inputs') ?? {};
    const saved = webhook?.pipeline.id === pipeline.id ? webhook.inputs : {};
    for (const [k, v] of otherInputs(pipeline)) {
      setValue(`inputs.${k}`, saved[k] || now[k] || defaultText(v));
    }
  }, [pipeline, getValues, setValue, webhook]);

  const onSubmit = handleSubmit(async (v) => {
    setError(undefined);
    const body = {
      name: v.name,
      description: v.description,
      endpoint: v.endpoint,
      pipeline: v.pipeline,
      repository: v.repository,
      tagPattern: v.tagPattern,
      // An input left empty is not saved: the pipeline's default applies when it runs.
      inputs: Object.fromEntries(
        inputs.map(([k]) => [k, v.inputs?.[k] ?? '']).filter(([, x]) => x !== ''),
      ),
      enabled: v.enabled,
      ...(v.refreshToken && { refreshToken: v.refreshToken }),
    };
    try {
      const saved = webhook
        ? await apiFetch<DockerWebhookDto>(`/api/v1/docker-webhooks/${webhook.id}`, {
            method: 'PATCH',
            json: body,
          })
        : await apiFetch<DockerWebhookDto>('/api/v1/docker-webhooks', {
            method: 'POST',
            json: { ...body, project: v.project },
          });
      await qc.invalidateQueries({ queryKey: webhooksKey });
      // The list shows the current project: make it the webhook's, so the new card is there.
      if (saved.project.id !== current?.id) setCurrent(saved.project.id);
      router.push(`/triggers/docker?saved=${saved.id}`);
    } catch (err) {
      const applied =
        err instanceof ApiError &&
        applyFieldErrors(err.fieldErrors(), FIELDS, (f, e) => form.setError(f, e));
      if (err instanceof ApiError && err.status === 409)
        form.setError('name', { type: 'server', message: err.message });
      else if (!applied) setError(err instanceof Error ? err.message : String(err));
    }
  });

  // The dialogs hold forms of their own: they sit outside this form so that their submit
  // events (which bubble through React portals) never submit the webhook.
  return (
    <>
      <form
        className="form"
        onSubmit={onSubmit}
        noValidate
        aria-label={webhook ? 'Edit webhook' : 'New webhook for Docker'}
      >
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <label>
          Project
          <select
            {...register('project', { required: 'Choose a project' })}
            value={project}
            disabled={!!webhook}
          >
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <FieldError message={errors.project?.message} />
        </label>
        <label>
          Name
          <input
            {...register('name', { required: 'Give the webhook a name' })}
            autoComplete="off"
          />
          <FieldError message={errors.name?.message} />
        </label>
        <label>
          Description
          <textarea {...register('description')} rows={2} />
        </label>
        <div className="field-with-action">
          <label className="grow">
            Docker registry endpoint
            <select
              {...register('endpoint', { required: 'Choose a Docker registry endpoint' })}
              value={endpointId}
            >
              <option value="">{endpoints.isLoading ? 'Loading…' : 'Choose an endpoint'}</option>
              {endpoints.data?.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!project} onClick={() => setEndpointOpen(true)}>
            Create endpoint
          </button>
        </div>
        {/* Under the row, so the button stays in line with the field. */}
        <FieldError message={errors.endpoint?.message} />
        <label>
          Pipeline
          <select
            {...register('pipeline', { required: 'Choose a pipeline with Docker inputs' })}
            value={pipelineId}
          >
            <option value="">{pipelines.isLoading ? 'Loading…' : 'Choose a pipeline'}</option>
            {pipelines.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <span className="small muted">Only pipelines with Docker inputs are offered.</span>
          <FieldError message={errors.pipeline?.message} />
        </label>
        {inputs.length > 0 && (
          <fieldset className="stack">
            <legend>Input parameters</legend>
            <p className="small muted no-margin">
              Prefilled with the pipeline&apos;s defaults; an empty value uses the default.
            </p>
            {inputs.map(([k, v]) => (
              <label key={k}>
                {k}
                <input
                  {...register(`inputs.${k}`)}
                  defaultValue={defaultText(v)}
                  autoComplete="off"
                />
              </label>
            ))}
          </fieldset>
        )}
        <div className="field-with-action">
          <label className="grow">
            API token
            <input
              {...register(
                'refreshToken',
                webhook ? {} : { required: 'Give an API token (or generate one)' },
              )}
              type="password"
              autoComplete="off"
              placeholder={
                webhook?.apiToken
                  ? `Keep ${webhook.apiToken.name} (${webhook.apiToken.user.email})`
                  : 'swr_…'
              }
            />
          </label>
          <button type="button" onClick={() => setTokenOpen(true)}>
            Generate token
          </button>
        </div>
        <FieldError message={errors.refreshToken?.message} />
        <label>
          Build image
          <input
            {...register('repository', { required: 'Give the repository, namespace/name' })}
            placeholder="namespace/name"
            autoComplete="off"
          />
          <FieldError message={errors.repository?.message} />
        </label>
        <label>
          Tag
          <input
            {...register('tagPattern')}
            placeholder="* (all), v*, /^v\d+$/"
            autoComplete="off"
          />
          <span className="small muted">
            A glob such as v* or *, or a regular expression between slashes.
          </span>
          <FieldError message={errors.tagPattern?.message} />
        </label>
        <label className="inline">
          <input type="checkbox" {...register('enabled')} /> Enabled
        </label>
        <div className="row">
          <button type="button" onClick={() => router.push('/triggers/docker')}>
            Cancel
          </button>
          <button className="primary" type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      <GenerateTokenDialog
        open={tokenOpen}
        onOpenChange={setTokenOpen}
        onCreated={(t) => setValue('refreshToken', t.refreshToken, { shouldValidate: true })}
      />
      <InlineEndpointDialog
        project={project}
        open={endpointOpen}
        onOpenChange={setEndpointOpen}
        onCreated={async (id) => {
          await endpoints.refetch();
          setValue('endpoint', id, { shouldValidate: true });
        }}
      />
    </>
  );
}

/** A pipeline input's default as the text of its field. */
function defaultText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
