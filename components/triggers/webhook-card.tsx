'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/projects/confirm-dialog';
import { apiFetch, ApiError } from '@/lib/client/api';
import type { DockerWebhookDto } from '@/lib/schemas/docker-webhook';
import { webhooksKey } from './queries';
import { SyncBadge } from './sync-status';

/** One webhook as a card: what it watches, what it runs, its hook URL and its Docker Hub state. */
export function WebhookCard({ webhook: w }: { webhook: DockerWebhookDto }) {
  const qc = useQueryClient();
  const [copied, setCopied] = useState(false);
  const [confirm, setConfirm] = useState(false);
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

  async function remove(force = false) {
    try {
      await apiFetch(`/api/v1/docker-webhooks/${w.id}${force ? '?force=true' : ''}`, {
        method: 'DELETE',
      });
    } catch (e) {
      if (
        e instanceof ApiError &&
        e.status === 502 &&
        window.confirm(`${e.message}\n\nDelete it from Slipway anyway?`)
      ) {
        return remove(true);
      }
      throw e;
    }
    await refresh();
  }

  return (
    <article className="card stack" aria-label={`Webhook ${w.name}`}>
      <div className="row">
        <h2 className="card-title grow">{w.name}</h2>
        <label className="inline">
          <input
            type="checkbox"
            checked={w.enabled}
            disabled={act.isPending}
            onChange={(e) => {
              const enabled = e.target.checked;
              act.mutate(() =>
                apiFetch(`/api/v1/docker-webhooks/${w.id}`, { method: 'PATCH', json: { enabled } }),
              );
            }}
          />
          Enabled
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
              {w.apiToken.user.email} ({w.apiToken.name}
              {w.apiToken.status !== 'ACTIVE' && (
                <span className="badge bad"> {w.apiToken.status.toLowerCase()}</span>
              )}
              )
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
        <button type="button" className="danger" onClick={() => setConfirm(true)}>
          Delete
        </button>
      </div>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Delete webhook ${w.name}?`}
        confirmLabel="Delete"
        onConfirm={() => remove()}
      >
        <p>Its webhook on Docker Hub is deleted too. Its activity is removed.</p>
      </ConfirmDialog>
    </article>
  );
}
