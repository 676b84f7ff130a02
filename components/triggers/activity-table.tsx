'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { LoadMore } from '@/components/projects/load-more';
import { formatDate } from '@/components/ui/format';
import { useCurrentProject } from '@/components/shell/project-context';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { apiFetch } from '@/lib/client/api';
import type { RegistryEventDto } from '@/lib/schemas/docker-webhook';
import { useEvents, useLiveEvents, useWebhooks } from './queries';
import { EVENT_RESULTS, RESULT_BADGE } from './sync-status';

type Filters = { webhook: string; result: string };

/** The filters live in the URL (?tab=activity&webhook=…&result=…): shareable, kept on reload. */
function useUrlFilters(): [Filters, (f: Filters) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = { webhook: params.get('webhook') ?? '', result: params.get('result') ?? '' };
  const set = (f: Filters) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(f)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    router.replace(`${pathname}?${next}`);
  };
  return [filters, set];
}

/** Activity: every delivery received, newest first, live; filters; link and Resubmit. */
export function ActivityTable() {
  const { current, isLoading } = useCurrentProject();
  const [filters, setFilters] = useUrlFilters();
  const webhooks = useWebhooks(current?.id);
  const q = useEvents(current?.id, filters);
  useLiveEvents(current?.id);
  if (!current) {
    return isLoading ? (
      <LoadingRows rows={4} label="Loading activity" />
    ) : (
      <EmptyState title="No project yet">
        Deliveries are recorded per project. <Link href="/projects">Create a project</Link>, then a
        webhook for Docker.
      </EmptyState>
    );
  }
  const filtered = !!(filters.webhook || filters.result);
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
        filtered ? (
          <EmptyState title="No deliveries match these filters">
            <button type="button" onClick={() => setFilters({ webhook: '', result: '' })}>
              Show all deliveries
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No deliveries yet">
            Deliveries from Docker Hub appear here as they arrive.
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table aria-label="Registry events" className="stacked-table">
            <thead>
              <tr>
                <th>Received</th>
                <th>Webhook</th>
                <th>Push</th>
                <th>Result</th>
                <th>Execution</th>
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
      <td className="nowrap" data-label="Received">
        {formatDate(e.receivedAt, { seconds: true })}
      </td>
      <td data-label="Webhook">{e.webhook.name}</td>
      <td data-label="Push">
        <div className="mono">
          {e.repository ?? '—'}
          {e.tag && <>:{e.tag}</>}
        </div>
        <div className="small muted" title={e.images.join('\n')}>
          {e.images.length ? `${e.images.length} image${e.images.length > 1 ? 's' : ''}` : ''}
          {e.images.length && e.owner ? ', ' : ''}
          {e.owner && `pushed by ${e.owner}`}
        </div>
      </td>
      <td data-label="Result">
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
      <td data-label="Execution">
        <div className="row">
          {e.executionId && <Link href={`/executions/${e.executionId}`}>View execution</Link>}
          {canResubmit(e.result) && (
            <button type="button" disabled={busy} onClick={() => void resubmit()}>
              {busy ? 'Resubmitting…' : 'Resubmit'}
            </button>
          )}
          {!e.executionId && !canResubmit(e.result) && '—'}
        </div>
        {msg && (
          <div className={`small ${msg.ok ? '' : 'field-error'}`} role="status">
            {msg.id ? <Link href={`/executions/${msg.id}`}>{msg.text}</Link> : msg.text}
          </div>
        )}
      </td>
    </tr>
  );
}
