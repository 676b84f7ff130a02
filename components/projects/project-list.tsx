'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ListTable } from '@/components/ui/list-table';
import { projectsQueryKey } from '@/components/shell/project-context';
import { apiFetch } from '@/lib/client/api';
import type { ProjectDto } from '@/lib/schemas/project';
import { ConfirmDialog } from './confirm-dialog';
import { formatDate } from '@/components/ui/format';
import { ProjectFormDialog } from './project-form-dialog';
import { usePagedList } from './use-paged-list';

export function ProjectList() {
  const qc = useQueryClient();
  const list = usePagedList<ProjectDto>([...projectsQueryKey, 'list'], '/api/v1/projects');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ProjectDto>();
  const [deleting, setDeleting] = useState<ProjectDto>();

  const newButton = (
    <button type="button" className="primary" onClick={() => setCreating(true)}>
      New project
    </button>
  );

  return (
    <>
      <div className="page-head">
        <h1>Projects</h1>
        {newButton}
      </div>
      <p className="muted">
        Projects group endpoints, pipelines, variables and webhooks. Members see only the projects
        they belong to.
      </p>
      <ListTable
        list={list}
        noun="projects"
        caption="Your projects"
        columns={['Name', 'Description', 'Your role', 'Created']}
        actions
        emptyTitle="No projects yet"
        emptyText="Create a project to start adding endpoints and pipelines."
        emptyAction={newButton}
        row={(p) => (
          <tr key={p.id}>
            <td>
              <Link href={`/projects/${p.id}`}>{p.name}</Link>
            </td>
            <td className="muted">{p.description || '—'}</td>
            <td>
              <span className="badge">{p.role}</span>
            </td>
            <td>{formatDate(p.createdAt)}</td>
            <td>
              {p.role === 'ADMIN' && (
                <div className="row row-end">
                  <button type="button" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => setDeleting(p)}
                    aria-label={`Delete ${p.name}`}
                  >
                    Delete
                  </button>
                </div>
              )}
            </td>
          </tr>
        )}
      />
      <ProjectFormDialog open={creating} onOpenChange={setCreating} />
      <ProjectFormDialog
        open={editing !== undefined}
        onOpenChange={(o) => !o && setEditing(undefined)}
        project={editing}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title={`Delete project ${deleting?.name ?? ''}?`}
        confirmLabel="Delete project"
        onConfirm={async () => {
          if (!deleting) return;
          await apiFetch(`/api/v1/projects/${deleting.id}`, { method: 'DELETE' });
          await qc.invalidateQueries({ queryKey: projectsQueryKey });
        }}
      >
        Its members lose access and everything the project holds is deleted. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
