'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useCurrentProject } from '@/components/shell/project-context';
import { formatDate } from '@/components/ui/format';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { apiFetch, type Page } from '@/lib/client/api';
import type { ExecutionSummaryDto } from '@/lib/schemas/execution';
import { formatDuration, StatusBadge } from './status';
import { useLiveEvents } from './use-live-events';

const STATUSES = ['QUEUED', 'RUNNING', 'WAITING', 'CANCELING', 'CANCELED', 'COMPLETED', 'FAILED'];

export function startedByText(e: ExecutionSummaryDto): string {
  if (e.trigger.type === 'WEBHOOK') {
    const hook = e.trigger.webhookName ?? 'webhook';
    return e.trigger.imageTag ? `${hook} (${e.trigger.imageTag})` : hook;
  }
  const who = e.startedBy?.name ?? e.startedBy?.email ?? 'Slipway';
  return e.trigger.type === 'RERUN' ? `${who} (re-run)` : who;
}

export function ExecutionsList() {
  const { current, isLoading: projectLoading } = useCurrentProject();
  const [pipeline, setPipeline] = useState('');
  const [status, setStatus] = useState('');
  const params = new URLSearchParams({ limit: '25' });
  if (current) params.set('project', current.id);
  if (pipeline.trim()) params.set('pipeline', pipeline.trim());
  if (status) params.set('status', status);
  const key = ['executions', current?.id ?? '', pipeline.trim(), status];
  const q = useInfiniteQuery({
    queryKey: key,
    enabled: !!current,
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      apiFetch<Page<ExecutionSummaryDto>>(
        `/api/v1/executions?${params.toString()}${pageParam ? `&cursor=${pageParam}` : ''}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const live = useLiveEvents(current ? `/api/v1/executions/events?project=${current.id}` : null, [
    ['executions', current?.id ?? ''],
  ]);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Executions</h1>
        {current && (
          <span className="muted" aria-live="polite">
            {live === 'live' ? '● Live' : live === 'connecting' ? 'Connecting…' : 'Offline'}
          </span>
        )}
      </div>
      <div className="row" role="search">
        <label>
          Pipeline
          <input
            value={pipeline}
            placeholder="name or id"
            onChange={(e) => setPipeline(e.target.value)}
          />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(projectLoading || q.isLoading) && <LoadingRows rows={5} label="Loading executions" />}
      {q.error && <ErrorState error={q.error} retry={() => void q.refetch()} />}
      {!projectLoading && !current && (
        <EmptyState title="No project yet">
          Executions belong to a project&apos;s pipelines.{' '}
          <Link href="/projects">Create a project</Link> first.
        </EmptyState>
      )}
      {q.isSuccess && items.length === 0 && (
        <EmptyState title="No executions">
          {pipeline || status
            ? 'Nothing matches these filters.'
            : 'Run a pipeline from the Pipelines page, or push an image to a webhook.'}
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Executions">
            <thead>
              <tr>
                <th>Pipeline</th>
                <th>#</th>
                <th>Status</th>
                <th>Started by</th>
                <th>Image tag</th>
                <th>Start</th>
                <th>Duration</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-execution={e.id}>
                  <td>
                    <Link href={`/executions/${e.id}`}>{e.pipeline.name}</Link>
                  </td>
                  <td>
                    <Link href={`/executions/${e.id}`}>#{e.index}</Link>
                  </td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td>{startedByText(e)}</td>
                  <td className="mono">{e.trigger.imageTag ?? '—'}</td>
                  <td>{formatDate(e.startedAt ?? e.createdAt)}</td>
                  <td>{formatDuration(e.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.hasNextPage && (
        <button
          type="button"
          onClick={() => void q.fetchNextPage()}
          disabled={q.isFetchingNextPage}
        >
          {q.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
