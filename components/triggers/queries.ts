'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { usePagedList } from '@/components/projects/use-paged-list';
import { apiFetch, apiFetchAll } from '@/lib/client/api';
import type { DockerWebhookDto, RegistryEventDto } from '@/lib/schemas/docker-webhook';
import type { EndpointDto } from '@/lib/schemas/endpoint';
import { DOCKER_INPUTS } from '@/lib/schemas/pipeline';

export const webhooksKey = ['docker-webhooks'] as const;
export const eventsKey = ['registry-events'] as const;

export function useWebhooks(projectId: string | undefined) {
  return usePagedList<DockerWebhookDto>(
    [...webhooksKey, 'list', projectId],
    `/api/v1/docker-webhooks?project=${encodeURIComponent(projectId ?? '')}`,
  );
}

export function useWebhook(id: string) {
  return useQuery({
    queryKey: [...webhooksKey, 'one', id],
    queryFn: () => apiFetch<DockerWebhookDto>(`/api/v1/docker-webhooks/${id}`),
  });
}

export function useEvents(
  projectId: string | undefined,
  filters: { webhook: string; result: string },
) {
  const qs = new URLSearchParams({ project: projectId ?? '' });
  if (filters.webhook) qs.set('webhook', filters.webhook);
  if (filters.result) qs.set('result', filters.result);
  return usePagedList<RegistryEventDto>(
    [...eventsKey, 'list', projectId, filters],
    `/api/v1/registry-events?${qs}`,
  );
}

/** Follows the Activity SSE stream and refreshes the events list when something is recorded. */
export function useLiveEvents(projectId: string | undefined) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!projectId) return;
    const es = new EventSource(
      `/api/v1/registry-events/events?project=${encodeURIComponent(projectId)}`,
    );
    const refresh = () => void qc.invalidateQueries({ queryKey: eventsKey });
    es.addEventListener('registry-event.created', refresh);
    es.addEventListener('registry-event.updated', refresh);
    return () => es.close();
  }, [projectId, qc]);
}

export function useDockerEndpoints(projectId: string) {
  return useQuery({
    queryKey: ['endpoints', 'docker', projectId],
    enabled: !!projectId,
    queryFn: () =>
      apiFetchAll<EndpointDto>(
        `/api/v1/endpoints?project=${encodeURIComponent(projectId)}&type=DOCKER_REGISTRY`,
      ),
  });
}

export interface PipelineChoice {
  id: string;
  name: string;
  autoInject: string | null;
  input: Record<string, string | number | boolean>;
}

export const isDockerPipeline = (p: PipelineChoice) =>
  p.autoInject === 'DOCKER' || DOCKER_INPUTS.every((n) => n in (p.input ?? {}));

/** The pipeline's own inputs (not the Docker ones), with their defaults. */
export const otherInputs = (p: PipelineChoice | undefined) =>
  Object.entries(p?.input ?? {}).filter(([k]) => !(DOCKER_INPUTS as readonly string[]).includes(k));

export function useDockerPipelines(projectId: string) {
  return useQuery({
    queryKey: ['pipelines', 'docker', projectId],
    enabled: !!projectId,
    queryFn: async () => {
      const all = await apiFetchAll<PipelineChoice>(
        `/api/v1/pipelines?project=${encodeURIComponent(projectId)}`,
      );
      return all.filter(isDockerPipeline);
    },
  });
}
