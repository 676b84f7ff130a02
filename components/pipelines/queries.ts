'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from '@/lib/client/api';
import type { PipelineDetailDto } from '@/lib/services/pipelines/view';

/** Everything about pipelines is cached under this key; invalidate it after a change. */
export const pipelinesQueryKey = ['pipelines'] as const;

export function usePipeline(id: string) {
  return useQuery({
    queryKey: [...pipelinesQueryKey, 'one', id],
    queryFn: () => apiFetch<PipelineDetailDto>(`/api/v1/pipelines/${id}`),
  });
}

export interface EndpointOption {
  id: string;
  name: string;
}

/**
 * Endpoints of a type for the task forms. The endpoints API may be missing or failing: the form
 * then falls back to a text field (error is returned, not thrown).
 */
export function useEndpointOptions(
  project: string | undefined,
  type: 'KUBERNETES' | 'DOCKER_REGISTRY',
) {
  return useQuery({
    queryKey: ['endpoints', 'options', project, type],
    enabled: !!project,
    retry: false,
    queryFn: () =>
      apiFetchAll<EndpointOption>(
        `/api/v1/endpoints?project=${encodeURIComponent(project ?? '')}&type=${type}`,
      ),
  });
}
