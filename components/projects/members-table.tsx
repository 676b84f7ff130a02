'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { apiFetch } from '@/lib/client/api';
import type { MemberDto } from '@/lib/schemas/project';
import { ConfirmDialog } from './confirm-dialog';
import { formatDate } from './format';
import { LoadMore } from './load-more';
import { ROLE_OPTIONS } from './roles';
import { usePagedList } from './use-paged-list';

export function MembersTable({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  const qc = useQueryClient();
  const key = ['projects', projectId, 'members'] as const;
  const list = usePagedList<MemberDto>(key, `/api/v1/projects/${projectId}/members`);
  const [removing, setRemoving] = useState<MemberDto>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function changeRole(m: MemberDto, role: string) {
    setError(undefined);
    setBusy(m.userId);
    try {
      await apiFetch(`/api/v1/projects/${projectId}/members`, {
        method: 'POST',
        json: { email: m.email, role },
      });
      await qc.invalidateQueries({ queryKey: key });
    } catch (err) {
      setError(`Could not change the role of ${m.email}: ${(err as Error).message}`);
    } finally {
      setBusy(undefined);
    }
  }

  if (list.isLoading) return <LoadingRows label="Loading members" />;
  if (list.error) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  if (list.items.length === 0) return <EmptyState title="No members" />;

  return (
    <>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Member since</th>
              {canManage && (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {list.items.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  {canManage ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={busy === m.userId}
                      onChange={(e) => void changeRole(m, e.target.value)}
                    >
                      {ROLE_OPTIONS.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="badge">{m.role}</span>
                  )}
                </td>
                <td>{formatDate(m.createdAt)}</td>
                {canManage && (
                  <td>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove ${m.email}`}
                      onClick={() => setRemoving(m)}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore query={list} />
      <ConfirmDialog
        open={removing !== undefined}
        onOpenChange={(o) => !o && setRemoving(undefined)}
        title={`Remove ${removing?.email ?? ''}?`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          if (!removing) return;
          await apiFetch(`/api/v1/projects/${projectId}/members/${removing.userId}`, {
            method: 'DELETE',
          });
          await qc.invalidateQueries({ queryKey: key });
        }}
      >
        They will no longer see this project or anything in it.
      </ConfirmDialog>
    </>
  );
}
