'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/projects/confirm-dialog';
import { formatDate } from '@/components/ui/format';
import { usePagedList } from '@/components/projects/use-paged-list';
import { ListTable } from '@/components/ui/list-table';
import { apiFetch } from '@/lib/client/api';
import type { ApiTokenDto } from '@/lib/schemas/token';
import { GenerateTokenDialog, tokensQueryKey } from './generate-token-dialog';

const STATUS_CLASS: Record<ApiTokenDto['status'], string> = {
  ACTIVE: 'badge ok',
  EXPIRED: 'badge warn',
  REVOKED: 'badge bad',
};

export function TokenList() {
  const qc = useQueryClient();
  const list = usePagedList<ApiTokenDto>([...tokensQueryKey, 'list'], '/api/v1/tokens');
  const [generating, setGenerating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenDto>();

  const generate = (
    <button type="button" className="primary" onClick={() => setGenerating(true)}>
      Generate token
    </button>
  );

  return (
    <>
      <div className="page-head">
        <h1>API tokens</h1>
        {generate}
      </div>
      <p className="muted">
        Refresh tokens for scripts and CI. Exchange one for a short-lived access token with{' '}
        <code>POST /api/v1/login</code>, then call the API with{' '}
        <code>Authorization: Bearer &lt;accessToken&gt;</code>. Tokens are valid for six months.
      </p>
      <ListTable
        list={list}
        noun="API tokens"
        caption="Your API tokens"
        columns={['Name', 'Created', 'Expires', 'Last used', 'Status']}
        actions
        emptyTitle="No API tokens yet"
        emptyText="Generate a token to call the Slipway API from scripts or to run Docker webhooks."
        emptyAction={generate}
        row={(t) => (
          <tr key={t.id} data-token-id={t.id}>
            <td>{t.name}</td>
            <td>{formatDate(t.createdAt)}</td>
            <td>{formatDate(t.expiresAt)}</td>
            <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</td>
            <td>
              <span className={STATUS_CLASS[t.status]}>{t.status}</span>
            </td>
            <td>
              {t.status === 'ACTIVE' && (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Revoke ${t.name}`}
                  onClick={() => setRevoking(t)}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        )}
      />
      <GenerateTokenDialog open={generating} onOpenChange={setGenerating} />
      <ConfirmDialog
        open={revoking !== undefined}
        onOpenChange={(o) => !o && setRevoking(undefined)}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke token"
        onConfirm={async () => {
          if (!revoking) return;
          await apiFetch(`/api/v1/tokens/${revoking.id}`, { method: 'DELETE' });
          await qc.invalidateQueries({ queryKey: tokensQueryKey });
        }}
      >
        Scripts and webhooks using this token stop working at once, including access tokens already
        obtained with it.
      </ConfirmDialog>
    </>
  );
}
