'use client';

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** Events that only go to `onEvent` (they change something narrower than the given caches). */
const NARROW_EVENTS = new Set(['task.log']);

/**
 * Follows an SSE stream and refreshes the given react-query caches on every event (batched);
 * `task.log` events (new log lines of a running task) only reach `onEvent`.
 * EventSource resends Last-Event-ID on reconnect, so nothing is missed after a network drop.
 */
export function useLiveEvents(
  url: string | null,
  keys: QueryKey[],
  onEvent?: (type: string, data: Record<string, unknown>) => void,
): 'connecting' | 'live' | 'offline' {
  const qc = useQueryClient();
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const keyText = JSON.stringify(keys);
  useEffect(() => {
    if (!url) return;
    const parsedKeys = JSON.parse(keyText) as QueryKey[];
    const es = new EventSource(url, { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        for (const k of parsedKeys) void qc.invalidateQueries({ queryKey: k });
      }, 150);
    };
    const handler = (e: MessageEvent<string>) => {
      try {
        onEvent?.(e.type, JSON.parse(e.data) as Record<string, unknown>);
      } catch {
        // a malformed event still triggers a refresh below; the cache is the source of truth
      }
      if (!NARROW_EVENTS.has(e.type)) refresh();
    };
    for (const t of [
      'execution.created',
      'execution.status',
      'stage.status',
      'task.status',
      'task.log',
      'message',
    ]) {
      es.addEventListener(t, handler as EventListener);
    }
    es.onopen = () => {
      setState('live');
      refresh();
    };
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => {
      if (timer) clearTimeout(timer);
      es.close();
    };
    // onEvent is intentionally not a dependency: a new closure must not reconnect the stream
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, keyText, qc]);
  return state;
}
