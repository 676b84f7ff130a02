'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ErrorState, FieldError, LoadingRows } from '@/components/ui/states';
import { ApiError, apiFetch } from '@/lib/client/api';

interface PipelineInputs {
  name: string;
  input?: Record<string, string | number | boolean>;
  _inputMeta?: Record<string, { description?: string; mandatory?: boolean }>;
}

/** "Run": asks for the pipeline's inputs (defaults filled), starts it, opens the execution. */
export function RunPipelineButton({
  pipelineId,
  disabled,
}: {
  pipelineId: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={disabled}
        title={disabled ? 'Enable the pipeline to run it' : undefined}
        onClick={() => setOpen(true)}
      >
        Run
      </button>
      {open && <RunDialog pipelineId={pipelineId} onClose={() => setOpen(false)} />}
    </>
  );
}

function RunDialog({ pipelineId, onClose }: { pipelineId: string; onClose: () => void }) {
  const router = useRouter();
  const q = useQuery({
    queryKey: ['pipeline', pipelineId],
    queryFn: () => apiFetch<PipelineInputs>(`/api/v1/pipelines/${pipelineId}`),
  });
  const [values, setValues] = useState<Record<string, string>>({});
  const run = useMutation({
    mutationFn: (inputs: Record<string, string>) =>
      apiFetch<{ id: string }>(`/api/v1/pipelines/${pipelineId}/executions`, {
        method: 'POST',
        json: { inputs },
      }),
    onSuccess: (r) => router.push(`/executions/${r.id}`),
  });
  const names = Object.keys(q.data?.input ?? {});
  const valueOf = (n: string) => values[n] ?? String(q.data?.input?.[n] ?? '');
  const fieldErrors = run.error instanceof ApiError ? run.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate(Object.fromEntries(names.map((n) => [n, valueOf(n)])));
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Run ${q.data?.name ?? 'pipeline'}`}
      description="Input values for this execution; defaults are filled in."
    >
      {q.isLoading && <LoadingRows rows={2} />}
      {q.error && <ErrorState error={q.error} retry={() => void q.refetch()} />}
      {q.data && (
        <form className="form" onSubmit={submit}>
          {names.length === 0 && <p className="muted">This pipeline has no inputs.</p>}
          {names.map((n) => {
            const meta = q.data._inputMeta?.[n];
            return (
              <label key={n}>
                {n}
                {meta?.mandatory ? ' *' : ''}
                <input
                  name={n}
                  value={valueOf(n)}
                  required={meta?.mandatory}
                  onChange={(e) => setValues((v) => ({ ...v, [n]: e.target.value }))}
                />
                {meta?.description && <span className="muted">{meta.description}</span>}
                <FieldError message={fieldErrors[`inputs.${n}`]} />
              </label>
            );
          })}
          {run.error && !Object.keys(fieldErrors).length && (
            <div className="alert error" role="alert">
              {run.error.message}
            </div>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={run.isPending}>
              {run.isPending ? 'Starting…' : 'Run'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
