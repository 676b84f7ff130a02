'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/projects/confirm-dialog';
import { formatDate } from '@/components/ui/format';
import { usePagedList } from '@/components/projects/use-paged-list';
import { ListTable } from '@/components/ui/list-table';
import { apiFetch, ApiError } from '@/lib/client/api';
import type { UserDto } from '@/lib/schemas/user';
import { ForbiddenState } from './forbidden-state';
import { UserFormDialog, usersQueryKey } from './user-form-dialog';

export function UserList({ selfId }: { selfId: string }) {
  const qc = useQueryClient();
  const list = usePagedList<UserDto>([...usersQueryKey, 'list'], '/api/v1/users');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<UserDto>();
  const [deleting, setDeleting] = useState<UserDto>();

  if (list.error instanceof ApiError && list.error.status === 403) return <ForbiddenState />;

  return (
    <>
      <div className="page-head">
        <h1>Users</h1>
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add user
        </button>
      </div>
      <ListTable
        list={list}
        noun="users"
        caption="Users"
        columns={['Name', 'Email', 'Role', 'Created']}
        actions
        emptyTitle="No users"
        row={(u) => (
          <tr key={u.id}>
            <td>
              {u.name}
              {u.id === selfId && <span className="muted"> (you)</span>}
            </td>
            <td>{u.email}</td>
            <td>
              <span className={u.admin ? 'badge run' : 'badge'}>
                {u.admin ? 'Administrator' : 'User'}
              </span>
            </td>
            <td>{formatDate(u.createdAt)}</td>
            <td>
              <div className="row row-end">
                <button type="button" aria-label={`Edit ${u.email}`} onClick={() => setEditing(u)}>
                  Edit
                </button>
                {u.id !== selfId && (
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete ${u.email}`}
                    onClick={() => setDeleting(u)}
                  >
                    Delete
                  </button>
                )}
              </div>
            </td>
          </tr>
        )}
      />
      <UserFormDialog open={adding} onOpenChange={setAdding} />
      <UserFormDialog
        open={editing !== undefined}
        onOpenChange={(o) => !o && setEditing(undefined)}
        user={editing}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title={`Delete ${deleting?.email ?? ''}?`}
        confirmLabel="Delete user"
        onConfirm={async () => {
          if (!deleting) return;
          await apiFetch(`/api/v1/users/${deleting.id}`, { method: 'DELETE' });
          await qc.invalidateQueries({ queryKey: usersQueryKey });
        }}
      >
        They can no longer sign in, and their API tokens stop working. Their project memberships are
        removed.
      </ConfirmDialog>
    </>
  );
}
