'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/projects/confirm-dialog';
import { formatDate } from '@/components/ui/format';
import { ErrorState, LoadingRows } from '@/components/ui/states';
import { apiFetch } from '@/lib/client/api';
import type { ExecutionDto } from '@/lib/schemas/execution';
import { startedByText } from './executions-list';
import { FINAL_STATUSES, formatDuration, StatusBadge } from './status';
import { TaskDetail } from './task-detail';
import { useLiveEvents } from './use-live-events';

/** The execution page: live stage row, tasks of the chosen stage, details of the chosen task. */
export function ExecutionView({ id }: { id: string }) {
  const qc = useQueryClient();
  const router = useRouter();
  const key = ['execution', id];
  const q = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<ExecutionDto>(`/api/v1/executions/${id}`),
  });
  const live = useLiveEvents(`/api/v1/executions/${id}/events`, [key], (type, data) => {
    // New lines in a running task's log: refetch that log only (if its detail is open).
    if (type === 'task.log' && typeof data.stage === 'string' && typeof data.task === 'string') {
      void qc.invalidateQueries({ queryKey: ['execution', id, 'log', data.stage, data.task] });
    }
  });
  const [stageName, setStageName] = useState<string | undefined>();
  const [taskName, setTaskName] = useState<string | undefined>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancel = useMutation({
    mutationFn: () => apiFetch(`/api/v1/executions/${id}/cancel`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const rerun = useMutation({
    mutationFn: () =>
      apiFetch<{ id: string }>(`/api/v1/executions/${id}/rerun`, { method: 'POST' }),
    onSuccess: (r) => router.push(`/executions/${r.id}`),
  });
  if (q.isLoading) return <LoadingRows rows={4} label="Loading the execution" />;
  if (q.error) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const ex = q.data;
  if (!ex) return null;
  const ended = FINAL_STATUSES.includes(ex.status);
  const current =
    ex.stages.find((s) => s.name === stageName) ??
    ex.stages.find((s) => s.status === 'RUNNING' || s.status === 'WAITING') ??
    ex.stages.find((s) => s.status === 'FAILED') ??
    ex.stages[0];
  // A task waiting for someone (an approval) is shown without being looked for.
  const task =
    current?.tasks.find((t) => t.name === taskName) ??
    (taskName === undefined ? current?.tasks.find((t) => t.status === 'WAITING') : undefined);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>
          {ex.pipeline.name} #{ex.index} <StatusBadge status={ex.status} />
        </h1>
        <div className="row">
          <span className="muted" aria-live="polite">
            {ended ? '' : live === 'live' ? '● Live' : 'Reconnecting…'}
          </span>
          {!ended && (
            <button
              type="button"
              className="danger"
              disabled={cancel.isPending || ex.status === 'CANCELING'}
              onClick={() => setConfirmCancel(true)}
            >
              Cancel
            </button>
          )}
          <button type="button" disabled={rerun.isPending} onClick={() => rerun.mutate()}>
            Re-run
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title={`Cancel ${ex.pipeline.name} #${ex.index}?`}
        confirmLabel="Cancel execution"
        onConfirm={async () => {
          await cancel.mutateAsync();
        }}
      >
        <p>
          Running tasks are stopped and the remaining ones do not run. What was already deployed
          stays as it is.
        </p>
      </ConfirmDialog>
      {cancel.error && <ErrorState error={cancel.error} />}
      {rerun.error && <ErrorState error={rerun.error} />}
      <p className="muted">
        Started by{' '}
        {ex.trigger.type === 'WEBHOOK' && ex.trigger.webhookId ? (
          <Link href={`/triggers/docker?tab=activity&webhook=${ex.trigger.webhookId}`}>
            {startedByText(ex)}
          </Link>
        ) : (
          startedByText(ex)
        )}{' '}
        · {formatDate(ex.startedAt ?? ex.createdAt)} · {formatDuration(ex.durationMs)} ·{' '}
        <Link href="/executions">All executions</Link>
      </p>
      {ex.message && (
        <div className={`alert ${ex.status === 'FAILED' ? 'error' : 'info'}`}>{ex.message}</div>
      )}
      <nav aria-label="Stages" className="row">
        {ex.stages.map((s, i) => (
          <span key={s.name} className="row">
            {i > 0 && <span aria-hidden="true">→</span>}
            <button
              type="button"
              aria-pressed={current?.name === s.name}
              data-stage={s.name}
              data-status={s.status}
              onClick={() => {
                setStageName(s.name);
                setTaskName(undefined);
              }}
            >
              {s.name} <StatusBadge status={s.status} />
            </button>
          </span>
        ))}
        {ex.stages.length === 0 && <span className="muted">This pipeline has no stages.</span>}
      </nav>
      {current && (
        <table aria-label={`Tasks of ${current.name}`}>
          <thead>
            <tr>
              <th>Task</th>
              <th>Type</th>
              <th>Status</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {current.tasks.map((t) => (
              <tr key={t.name} data-task={t.name}>
                <td>
                  <button type="button" className="link" onClick={() => setTaskName(t.name)}>
                    {t.name}
                  </button>
                </td>
                <td>{t.type}</td>
                <td>
                  <StatusBadge status={t.status} />
                </td>
                <td>
                  {formatDuration(
                    t.startedAt
                      ? (t.endedAt ? new Date(t.endedAt) : new Date()).getTime() -
                          new Date(t.startedAt).getTime()
                      : null,
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && task && <TaskDetail executionId={id} stage={current.name} task={task} />}
      <details>
        <summary>Inputs and outputs</summary>
        <h4>Inputs</h4>
        <pre className="mono">{JSON.stringify(ex.inputs, null, 2)}</pre>
        <h4>Outputs</h4>
        <pre className="mono">{JSON.stringify(ex.outputs ?? {}, null, 2)}</pre>
      </details>
    </div>
  );
}
