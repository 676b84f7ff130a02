'use client';

import Link from 'next/link';
import { useState } from 'react';
import { LoadMore } from '@/components/projects/load-more';
import { formatDate } from '@/components/ui/format';
import { useCurrentProject } from '@/components/shell/project-context';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { apiFetch } from '@/lib/client/api';
import type { RegistryEventDto } from '@/lib/schemas/docker-webhook';
import { useEvents, useLiveEvents, useWebhooks } from './queries';
import { EVENT_RESULTS, RESULT_BADGE } from './sync-status';

/** Activity: every delivery received, newest first, live; filters; link and Resubmit. */
export function ActivityTable({ initialWebhook = '' }: { initialWebhook?: string }) {
  const { current } = useCurrentProject();
  const [filters, setFilters] = useState({ webhook: initialWebhook, result: '' });
  const webhooks = useWebhooks(current?.id);
  const q = useEvents(current?.id, filters);
  useLiveEvents(current?.id);
  if (!current) return <EmptyState title="No project yet" />;
  return (
    <div className="stack">
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Webhook
          <select
            value={filters.webhook}
            onChange={(e) => setFilters({ ...filters, webhook: e.target.value })}
          >
            <option value="">All webhooks</option>
            {webhooks.items.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Result
          <select
            value={filters.result}
            onChange={(e) => setFilters({ ...filters, result: e.target.value })}
          >
            <option value="">All results</option>
            {EVENT_RESULTS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </form>
      {q.isLoading ? (
        <LoadingRows rows={4} label="Loading activity" />
      ) : q.error ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.items.length === 0 ? (
        <EmptyState title="No deliveries yet">
          Deliveries from Docker Hub appear here as they arrive.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table aria-label="Registry events">
            <thead>
              <tr>
                <th>Received</th>
                <th>Webhook</th>
                <th>Repository</th>
                <th>Tag</th>
                <th>Images</th>
                <th>Owner</th>
                <th>Result</th>
                <th>Execution</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.items.map((e) => (
                <EventRow key={e.id} event={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={q} />
    </div>
  );
}

/** Only a push that matched the webhook can run again (the server refuses the others with 409). */
const canResubmit = (result: string) => result !== 'REJECTED' && result !== 'NOT_MATCHED';

function EventRow({ event: e }: { event: RegistryEventDto }) {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string; id?: string }>();
  async function resubmit() {
    setBusy(true);
    try {
      const r = await apiFetch<{ executionId: string; index: number }>(
        `/api/v1/registry-events/${e.id}/resubmit`,
        {
          method: 'POST',
        },
      );
      setMsg({ ok: true, text: `Started #${r.index}`, id: r.executionId });
    } catch (err) {
      setMsg({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr data-event-id={e.id}>
      <td className="nowrap">{formatDate(e.receivedAt)}</td>
      <td>{e.webhook.name}</td>
      <td className="mono nowrap">{e.repository ?? '—'}</td>
      <td className="mono nowrap" title={e.tag ?? undefined}>
        {e.tag ?? '—'}
      </td>
      <td className="mono small" title={e.images.join('\n')}>
        {e.images.length ? `${e.images.length} image${e.images.length > 1 ? 's' : ''}` : '—'}
      </td>
      <td>{e.owner || '—'}</td>
      <td>
        <span className={`badge nowrap ${RESULT_BADGE[e.result] ?? ''}`}>{e.result}</span>
        {e.reason && <div className="small muted event-reason">{e.reason}</div>}
        {e.callback && (
          <div className="small muted">
            Callback{' '}
            {e.callback.delivered
              ? `sent (${e.callback.state})`
              : `not sent: ${e.callback.message}`}
          </div>
        )}
      </td>
      <td>
        {e.executionId ? <Link href={`/executions/${e.executionId}`}>View execution</Link> : '—'}
      </td>
      <td>
        {canResubmit(e.result) && (
          <button type="button" disabled={busy} onClick={() => void resubmit()}>
            Resubmit
          </button>
        )}
        {msg && (
          <div className={`small ${msg.ok ? '' : 'field-error'}`} role="status">
            {msg.id ? <Link href={`/executions/${msg.id}`}>{msg.text}</Link> : msg.text}
          </div>
        )}
      </td>
    </tr>
  );
}
