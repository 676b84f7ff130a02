'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { UserDto } from '@/lib/schemas/user';

/** The signed-in user (GET /api/v1/me). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => apiFetch<UserDto>('/api/v1/me'),
    staleTime: 60_000,
  });
}
