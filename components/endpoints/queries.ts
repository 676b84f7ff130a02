'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { EndpointDto } from '@/lib/schemas/endpoint';

/** Everything about endpoints is cached under this key; invalidate it after a change. */
export const endpointsQueryKey = ['endpoints'] as const;

export function useEndpoint(id: string) {
  return useQuery({
    queryKey: [...endpointsQueryKey, 'one', id],
    queryFn: () => apiFetch<EndpointDto>(`/api/v1/endpoints/${id}`),
  });
}
