'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ErrorState, LoadingRows } from '@/components/ui/states';
import { projectsQueryKey } from '@/components/shell/project-context';
import { apiFetch, ApiError } from '@/lib/client/api';
import type { ProjectDto } from '@/lib/schemas/project';
import { AddMemberForm } from './add-member-form';
import { ConfirmDialog } from './confirm-dialog';
import { MembersTable } from './members-table';
import { ProjectFormDialog } from './project-form-dialog';

export function ProjectDetail({ id }: { id: string }) {
  const router = useRouter();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: [...projectsQueryKey, id],
    queryFn: () => apiFetch<ProjectDto>(`/api/v1/projects/${encodeURIComponent(id)}`),
  });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const back = (
    <p>
      <Link href="/projects">← All projects</Link>
    </p>
  );
  if (q.isLoading) return <LoadingRows label="Loading project" />;
  if (q.error || !q.data) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        {back}
        {missing ? (
          <div className="alert error" role="alert">
            This project does not exist, or you are not one of its members.
          </div>
        ) : (
          <ErrorState error={q.error} retry={() => void q.refetch()} />
        )}
      </>
    );
  }
  const p = q.data;
  const admin = p.role === 'ADMIN';
  return (
    <>
      {back}
      <div className="page-head">
        <div>
          <h1>{p.name}</h1>
          <p className="muted no-margin">{p.description || 'No description.'}</p>
        </div>
        {admin && (
          <div className="row">
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        )}
      </div>
      <div className="stack">
        <h2>Members</h2>
        {!admin && (
          <p className="muted">
            Your role here is {p.role}; only project administrators change members.
          </p>
        )}
        {admin && <AddMemberForm projectId={p.id} />}
        <MembersTable projectId={p.id} canManage={admin} />
      </div>
      <ProjectFormDialog open={editing} onOpenChange={setEditing} project={p} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete project ${p.name}?`}
        confirmLabel="Delete project"
        onConfirm={async () => {
          await apiFetch(`/api/v1/projects/${p.id}`, { method: 'DELETE' });
          qc.removeQueries({ queryKey: [...projectsQueryKey, id] });
          await qc.invalidateQueries({ queryKey: projectsQueryKey });
          router.push('/projects');
        }}
      >
        Its members lose access and everything the project holds is deleted. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
