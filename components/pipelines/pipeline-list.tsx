'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DeleteDialog } from '@/components/projects/confirm-dialog';
import { formatDate } from '@/components/ui/format';
import { LoadMore } from '@/components/projects/load-more';
import { usePagedList } from '@/components/projects/use-paged-list';
import { useCurrentProject } from '@/components/shell/project-context';
import { DataTable } from '@/components/ui/list-table';
import { ProjectListBody } from '@/components/ui/project-list-body';
import { apiFetch } from '@/lib/client/api';
import type { PipelineDetailDto, PipelineSummaryDto } from '@/lib/services/pipelines/view';
import { pipelinesQueryKey } from './queries';
import { StatusBadge } from './status-badge';

function RowActions({ p, onDelete }: { p: PipelineSummaryDto; onDelete: () => void }) {
  const qc = useQueryClient();
  const router = useRouter();
  const toggle = useMutation({
    mutationFn: () =>
      apiFetch(`/api/v1/pipelines/${p.id}`, { method: 'PATCH', json: { enabled: !p.enabled } }),
    onSettled: () => qc.invalidateQueries({ queryKey: pipelinesQueryKey }),
  });
  const duplicate = useMutation({
    mutationFn: () =>
      apiFetch<PipelineDetailDto>(`/api/v1/pipelines/${p.id}/duplicate`, {
        method: 'POST',
        json: {},
      }),
    onSuccess: async (copy) => {
      await qc.invalidateQueries({ queryKey: pipelinesQueryKey });
      router.push(`/pipelines/${copy.id}`);
    },
  });
  const error = toggle.error ?? duplicate.error;
  return (
    <div className="row row-end">
      <button
        type="button"
        onClick={() => toggle.mutate()}
        disabled={toggle.isPending}
        aria-label={`${p.enabled ? 'Disable' : 'Enable'} ${p.name}`}
      >
        {p.enabled ? 'Disable' : 'Enable'}
      </button>
      <button
        type="button"
        onClick={() => duplicate.mutate()}
        disabled={duplicate.isPending}
        aria-label={`Duplicate ${p.name}`}
      >
        Duplicate
      </button>
      <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${p.name}`}>
        Delete
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error.message}
        </span>
      )}
    </div>
  );
}

/** The current project's pipelines: name, enabled, last execution; create, duplicate, toggle, delete. */
export function PipelineList() {
  const qc = useQueryClient();
  const { current } = useCurrentProject();
  const list = usePagedList<PipelineSummaryDto>(
    [...pipelinesQueryKey, 'list', current?.id],
    `/api/v1/pipelines?project=${encodeURIComponent(current?.id ?? '')}`,
  );
  const [deleting, setDeleting] = useState<PipelineSummaryDto>();
  const canEdit = !!current && (current.role === 'ADMIN' || current.role === 'DEVELOPER');
  const newButton = canEdit ? (
    <Link className="button primary" href="/pipelines/new">
      New pipeline
    </Link>
  ) : null;

  const body = (
    <ProjectListBody
      noun="pipelines"
      belongs="Pipelines belong to a project."
      emptyTitle="No pipelines yet"
      emptyText="A pipeline is stages of tasks that a Docker webhook (or you) can run."
      action={newButton}
      list={list}
    >
      {(items, current) => (
        <DataTable
          caption={`Pipelines of ${current.name}`}
          columns={['Name', 'Project', 'Enabled', 'Last execution']}
          actions
        >
          {items.map((p) => (
            <tr key={p.id} data-testid={`pipeline-row-${p.name}`}>
              <td>
                <Link href={`/pipelines/${p.id}`}>{p.name}</Link>
                {p.description && <div className="muted small">{p.description}</div>}
              </td>
              <td>{p.project}</td>
              <td>
                <span className={`badge ${p.enabled ? 'ok' : 'warn'}`}>
                  {p.enabled ? 'Enabled' : 'Disabled'}
                </span>
              </td>
              <td>
                {p.lastExecution ? (
                  <span className="row">
                    <StatusBadge status={p.lastExecution.status} />
                    <span className="muted small">
                      #{p.lastExecution.index} · {formatDate(p.lastExecution.createdAt)}
                    </span>
                  </span>
                ) : (
                  <span className="muted">Never run</span>
                )}
              </td>
              <td>{canEdit && <RowActions p={p} onDelete={() => setDeleting(p)} />}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </ProjectListBody>
  );

  return (
    <>
      <div className="page-head">
        <h1>Pipelines</h1>
        {list.items.length > 0 && newButton}
      </div>
      {body}
      <LoadMore query={list} />
      <DeleteDialog
        item={deleting}
        onClose={() => setDeleting(undefined)}
        noun="pipeline"
        path="/api/v1/pipelines"
        onDeleted={() => qc.invalidateQueries({ queryKey: pipelinesQueryKey })}
      >
        Its past executions stay visible. A pipeline that a Docker webhook uses cannot be deleted.
      </DeleteDialog>
    </>
  );
}
