'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/projects/confirm-dialog';
import { formatDate } from '@/components/ui/format';
import { apiFetch, ApiError } from '@/lib/client/api';
import type { DockerWebhookDto } from '@/lib/schemas/docker-webhook';
import { webhooksKey } from './queries';
import { SyncBadge } from './sync-status';

/** One webhook as a card: what it watches, what it runs, its hook URL and its Docker Hub state. */
export function WebhookCard({ webhook: w }: { webhook: DockerWebhookDto }) {
  const qc = useQueryClient();
  const [copied, setCopied] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [rotate, setRotate] = useState(false);
  /** The toggle's new state while the server is being told (shown at once). */
  const [enabling, setEnabling] = useState<boolean>();
  /** Docker Hub's reason when it refused to delete its webhook: the dialog then offers force. */
  const [hubRefusal, setHubRefusal] = useState<string>();
  const [error, setError] = useState<string>();
  const refresh = () => qc.invalidateQueries({ queryKey: webhooksKey });
  const act = useMutation({
    mutationFn: (fn: () => Promise<unknown>) => fn(),
    onSuccess: refresh,
    onError: (e) => setError(e.message),
    onMutate: () => setError(undefined),
  });

  async function copy() {
    await navigator.clipboard.writeText(w.hookUrl);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }

  async function remove() {
    const force = hubRefusal !== undefined;
    try {
      await apiFetch(`/api/v1/docker-webhooks/${w.id}${force ? '?force=true' : ''}`, {
        method: 'DELETE',
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 502 && !force) {
        const reason = (e.details as { hubReason?: string } | undefined)?.hubReason ?? e.message;
        setHubRefusal(reason);
        throw new Error(`Docker Hub did not delete its webhook, so nothing was deleted: ${reason}`);
      }
      throw e;
    }
    await refresh();
  }

  return (
    <article className="card stack" aria-label={`Webhook ${w.name}`}>
      <div className="row card-head">
        <h2 className="card-title grow">
          {w.name} {!w.enabled && <span className="badge warn">disabled</span>}
        </h2>
        <label className="inline">
          <input
            type="checkbox"
            checked={enabling ?? w.enabled}
            disabled={act.isPending}
            onChange={(e) => {
              const enabled = e.target.checked;
              setEnabling(enabled);
              act.mutate(
                () =>
                  apiFetch(`/api/v1/docker-webhooks/${w.id}`, {
                    method: 'PATCH',
                    json: { enabled },
                  }),
                { onSettled: () => setEnabling(undefined) },
              );
            }}
          />
          {enabling === undefined ? 'Enabled' : 'Saving…'}
        </label>
      </div>
      {w.description && <p className="muted no-margin">{w.description}</p>}
      <dl className="details small">
        <dt>Repository</dt>
        <dd className="mono">{w.repository}</dd>
        <dt>Tag filter</dt>
        <dd className="mono">{w.tagPattern}</dd>
        <dt>Pipeline</dt>
        <dd>
          <Link href={`/pipelines/${w.pipeline.id}`}>{w.pipeline.name}</Link>
        </dd>
        <dt>Registry endpoint</dt>
        <dd>{w.endpoint.name}</dd>
        <dt>Runs as</dt>
        <dd>
          {w.apiToken ? (
            <>
              {w.apiToken.user.email} ({w.apiToken.name}){' '}
              {w.apiToken.status !== 'ACTIVE' && (
                <span className="badge bad">{w.apiToken.status.toLowerCase()}</span>
              )}
            </>
          ) : (
            <span className="badge bad">no API token</span>
          )}
        </dd>
      </dl>
      <label>
        Hook URL
        <span className="row token-row">
          <input
            readOnly
            value={w.hookUrl}
            className="mono grow"
            onFocus={(e) => e.target.select()}
          />
          <button type="button" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </span>
      </label>
      <div className="row" aria-label="Docker Hub sync">
        <SyncBadge sync={w.sync} />
        <span className="small muted grow" role="status">
          {w.sync.message}
          {w.sync.at && <> (last tried {formatDate(w.sync.at, { seconds: true })})</>}
        </span>
        {w.sync.state !== 'SYNCED' && (
          <button
            type="button"
            disabled={act.isPending}
            onClick={() =>
              act.mutate(() => apiFetch(`/api/v1/docker-webhooks/${w.id}/sync`, { method: 'POST' }))
            }
          >
            {act.isPending ? 'Syncing…' : 'Retry sync'}
          </button>
        )}
      </div>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <Link className="button" href={`/triggers/docker/${w.id}/edit`}>
          Edit
        </Link>
        <Link className="button" href={`/triggers/docker?tab=activity&webhook=${w.id}`}>
          Activity
        </Link>
        <button type="button" onClick={() => setRotate(true)}>
          Rotate hook URL
        </button>
        <button type="button" className="danger" onClick={() => setConfirm(true)}>
          Delete
        </button>
      </div>
      <ConfirmDialog
        open={rotate}
        onOpenChange={setRotate}
        title={`Rotate the hook URL of ${w.name}?`}
        confirmLabel="Rotate"
        onConfirm={async () => {
          await apiFetch(`/api/v1/docker-webhooks/${w.id}`, {
            method: 'PATCH',
            json: { rotateSecureToken: true },
          });
          await refresh();
        }}
      >
        <p>
          A new secure token replaces the one in the hook URL, and Docker Hub&apos;s webhook is
          updated to the new URL. Deliveries to the old URL get 401 from now on.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm}
        onOpenChange={(open) => {
          setConfirm(open);
          if (!open) setHubRefusal(undefined);
        }}
        title={`Delete webhook ${w.name}?`}
        confirmLabel={hubRefusal === undefined ? 'Delete' : 'Delete from Slipway only'}
        onConfirm={() => remove()}
      >
        {hubRefusal === undefined ? (
          <p>Its webhook on Docker Hub is deleted too. Its activity is removed.</p>
        ) : (
          <p>
            You can delete it from Slipway only: Docker Hub then keeps its webhook, and its
            deliveries get 401 until you remove it there.
          </p>
        )}
      </ConfirmDialog>
    </article>
  );
}
