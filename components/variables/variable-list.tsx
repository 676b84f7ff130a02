'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DeleteDialog } from '@/components/projects/confirm-dialog';
import { LoadMore } from '@/components/projects/load-more';
import { usePagedList } from '@/components/projects/use-paged-list';
import { useCurrentProject } from '@/components/shell/project-context';
import { DataTable } from '@/components/ui/list-table';
import { ProjectListBody } from '@/components/ui/project-list-body';
import type { VariableDto } from '@/lib/schemas/variable';
import { VariableFormDialog, variablesQueryKey } from './variable-form-dialog';

/** The current project's variables; secret values are masked and write-only. */
export function VariableList() {
  const qc = useQueryClient();
  const { current } = useCurrentProject();
  const list = usePagedList<VariableDto>(
    [...variablesQueryKey, 'list', current?.id],
    `/api/v1/variables?project=${encodeURIComponent(current?.id ?? '')}`,
  );
  const [editing, setEditing] = useState<VariableDto | 'new'>();
  const [deleting, setDeleting] = useState<VariableDto>();
  const canEdit = !!current && (current.role === 'ADMIN' || current.role === 'DEVELOPER');
  const newButton = canEdit ? (
    <button type="button" className="primary" onClick={() => setEditing('new')}>
      New variable
    </button>
  ) : null;

  const body = (
    <ProjectListBody
      noun="variables"
      belongs="Variables belong to a project."
      emptyTitle="No variables yet"
      emptyText={
        <>
          Pipelines use them as {'${var.NAME}'}. Secrets are stored encrypted and never shown again.
        </>
      }
      action={newButton}
      list={list}
    >
      {(items, current) => (
        <DataTable
          caption={`Variables of ${current.name}`}
          columns={['Name', 'Type', 'Value', 'Description']}
          actions
        >
          {items.map((v) => (
            <tr key={v.id} data-testid={`variable-row-${v.name}`}>
              <td className="mono">{v.name}</td>
              <td>
                <span className={`badge ${v.type === 'REGULAR' ? '' : 'warn'}`}>{v.type}</span>
                {v.type === 'RESTRICTED' && (
                  <div className="muted small">
                    {v.allowedPipelines.length
                      ? `Allowed: ${v.allowedPipelines.map((p) => p.name).join(', ')}`
                      : 'No pipeline allowed yet'}
                  </div>
                )}
              </td>
              <td className="mono">{v.value}</td>
              <td>{v.description}</td>
              <td>
                {canEdit && (
                  <div className="row row-end">
                    <button
                      type="button"
                      onClick={() => setEditing(v)}
                      aria-label={`Edit ${v.name}`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => setDeleting(v)}
                      aria-label={`Delete ${v.name}`}
                    >
                      Delete
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </ProjectListBody>
  );

  return (
    <>
      <div className="page-head">
        <h1>Variables</h1>
        {list.items.length > 0 && newButton}
      </div>
      {body}
      <LoadMore query={list} />
      {current && editing && (
        <VariableFormDialog
          key={editing === 'new' ? 'new' : editing.id}
          open
          onOpenChange={(o) => !o && setEditing(undefined)}
          project={current}
          variable={editing === 'new' ? undefined : editing}
          isAdmin={current.role === 'ADMIN'}
        />
      )}
      <DeleteDialog
        item={deleting}
        onClose={() => setDeleting(undefined)}
        noun="variable"
        path="/api/v1/variables"
        onDeleted={() => qc.invalidateQueries({ queryKey: variablesQueryKey })}
      >
        Pipelines that use {'${var.'}
        {deleting?.name}
        {'}'} will fail until it exists again.
      </DeleteDialog>
    </>
  );
}
