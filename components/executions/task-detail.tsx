'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState } from '@/components/ui/states';
import { apiFetch } from '@/lib/client/api';
import type { TaskStateDto } from '@/lib/schemas/execution';
import { durationBetween, formatDuration, StatusBadge } from './status';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <p className="muted">—</p>;
  return <pre className="mono">{JSON.stringify(value, null, 2)}</pre>;
}

/** One task: resolved input, output, message, log; Approve/Reject when it waits for a decision. */
export function TaskDetail({
  executionId,
  stage,
  task,
}: {
  executionId: string;
  stage: string;
  task: TaskStateDto;
}) {
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  // Refetched on each status change, and on `task.log` live events while the task runs (the
  // execution view invalidates this key); the previous text stays shown while it reloads.
  const log = useQuery({
    queryKey: ['execution', executionId, 'log', stage, task.name, task.status],
    placeholderData: keepPreviousData,
    queryFn: () =>
      apiFetch<{ content: string; truncated: boolean }>(
        `/api/v1/executions/${executionId}/log?stage=${encodeURIComponent(stage)}&task=${encodeURIComponent(task.name)}`,
      ),
  });
  const decide = useMutation({
    mutationFn: (decision: 'APPROVE' | 'REJECT') =>
      apiFetch(`/api/v1/executions/${executionId}/approvals`, {
        method: 'POST',
        json: { stage, task: task.name, decision, comment },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['execution', executionId] }),
  });
  const waiting = task.type === 'USER_OPERATION' && task.status === 'WAITING';
  return (
    <section className="card stack" aria-label={`Task ${task.name}`}>
      <div className="row">
        <h3 style={{ margin: 0 }}>{task.name}</h3>
        <span className="muted">{task.type}</span>
        <StatusBadge status={task.status} />
        <span className="muted">
          {formatDuration(durationBetween(task.startedAt, task.endedAt))}
        </span>
      </div>
      {task.message && <p role="status">{task.message}</p>}
      {waiting && (
        <div className="stack">
          {typeof task.input?.summary === 'string' && <strong>{task.input.summary}</strong>}
          <label>
            Comment
            <input value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={decide.isPending}
              onClick={() => decide.mutate('APPROVE')}
            >
              Approve
            </button>
            <button
              type="button"
              className="danger"
              disabled={decide.isPending}
              onClick={() => decide.mutate('REJECT')}
            >
              Reject
            </button>
          </div>
          {decide.error && <ErrorState error={decide.error} />}
        </div>
      )}
      <h4>Input</h4>
      <Json value={task.input} />
      <h4>Output</h4>
      <Json value={task.output} />
      <h4>Log</h4>
      {log.error && <ErrorState error={log.error} retry={() => void log.refetch()} />}
      {log.data &&
        (log.data.content ? (
          <pre className="mono" aria-label="Task log">
            {log.data.content}
          </pre>
        ) : (
          <p className="muted">No log lines.</p>
        ))}
    </section>
  );
}
