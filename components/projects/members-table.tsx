'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ListTable } from '@/components/ui/list-table';
import { apiFetch } from '@/lib/client/api';
import type { MemberDto } from '@/lib/schemas/project';
import { ConfirmDialog } from './confirm-dialog';
import { formatDate } from '@/components/ui/format';
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

  return (
    <>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <ListTable
        list={list}
        noun="members"
        caption="Members"
        columns={['Name', 'Email', 'Role', 'Member since']}
        actions={canManage}
        emptyTitle="No members"
        row={(m) => (
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
        )}
      />
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
