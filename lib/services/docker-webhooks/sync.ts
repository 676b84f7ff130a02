import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { dockerWebhooks, type DockerWebhookRow } from '../../db/schema';
import { logger } from '../../log';
import { metrics } from '../../metrics';
import {
  deleteHubWebhook,
  HubSyncError,
  syncHubWebhook,
  type HubPipelineRef,
  type HubTarget,
} from '../../registries/docker-hub-webhooks';
import { loadEndpointById } from '../endpoints/secrets';
import { hookUrlFor } from './secure-token';

async function hubTarget(db: DbOrTx, endpointId: string): Promise<HubTarget | string> {
  const ep = await loadEndpointById(db, endpointId);
  if (ep.type !== 'DOCKER_REGISTRY') return 'The endpoint is not a Docker registry endpoint';
  const p = ep.properties;
  if (p.serverType !== 'DOCKER_HUB') {
    return `Automatic webhook creation works with Docker Hub endpoints only; add the hook URL to the ${p.serverType} registry yourself`;
  }
  return {
    url: p.url,
    username: p.username,
    password: p.password,
    trust: { fingerprint: p.fingerprint ?? null },
  };
}

const previousRef = (w: DockerWebhookRow): HubPipelineRef | null =>
  w.hubRepository && w.hubSlug ? { repository: w.hubRepository, slug: w.hubSlug } : null;

/**
 * Makes Docker Hub hold this webhook (create, update or move) and records the outcome as the
 * sync state. Runs outside any transaction: the Hub call may take seconds. Never throws for a
 * Hub refusal; the state carries the Hub's reason.
 */
export async function syncWebhook(db: DbOrTx, webhookId: string): Promise<void> {
  const [w] = await db.select().from(dockerWebhooks).where(eq(dockerWebhooks.id, webhookId));
  if (!w) return;
  const outcome = metrics().counter(
    'slipway_docker_hub_sync_total',
    'Docker Hub webhook syncs by outcome',
    ['outcome'],
  );
  let state: {
    syncState: 'SYNCED' | 'NOT_SYNCED';
    syncMessage: string;
    hubRepository?: string | null;
    hubSlug?: string | null;
  };
  try {
    const target = await hubTarget(db, w.endpointId);
    if (typeof target === 'string') {
      state = { syncState: 'NOT_SYNCED', syncMessage: target };
    } else {
      const repository = `${w.repoNamespace}/${w.repoName}`;
      const ref = await syncHubWebhook(
        target,
        { repository, name: w.name, hookUrl: hookUrlFor(w.secureTokenEnc) },
        previousRef(w),
      );
      state = {
        syncState: 'SYNCED',
        syncMessage: `Docker Hub webhook "${w.name}" on ${repository} is up to date`,
        hubRepository: ref.repository,
        hubSlug: ref.slug,
      };
    }
  } catch (err) {
    if (!(err instanceof HubSyncError))
      logger.error({ err, webhookId }, 'Docker Hub sync failed unexpectedly');
    state = {
      syncState: 'NOT_SYNCED',
      syncMessage:
        err instanceof HubSyncError ? err.message : `Sync failed: ${(err as Error).message}`,
    };
  }
  outcome.inc({ outcome: state.syncState });
  await db
    .update(dockerWebhooks)
    .set({ ...state, syncedAt: new Date() })
    .where(eq(dockerWebhooks.id, webhookId));
}

/** Deletes the Hub webhook, if one was made. Throws HubSyncError when the Hub refuses. */
export async function unsyncWebhook(db: DbOrTx, w: DockerWebhookRow): Promise<void> {
  const ref = previousRef(w);
  if (!ref) return;
  const target = await hubTarget(db, w.endpointId);
  if (typeof target === 'string') return;
  await deleteHubWebhook(target, ref);
}
