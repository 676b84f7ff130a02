'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch, type Page } from '@/lib/client/api';

/**
 * A cursor-paginated list from the API (`{items, nextCursor}`), loaded a page at a time with a
 * "Load more" control. The key should start with the entity (e.g. ['projects', 'list']) so that
 * invalidating ['projects'] refreshes it together with everything else about projects.
 */
export function usePagedList<T>(key: readonly unknown[], path: string, limit = 25) {
  const q = useInfiniteQuery({
    queryKey: [...key, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const sep = path.includes('?') ? '&' : '?';
      const cursor = pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : '';
      return apiFetch<Page<T>>(`${path}${sep}limit=${limit}${cursor}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...q, items };
}
