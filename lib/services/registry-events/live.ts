import type { DbOrTx } from '../../db/client';
import { publishLiveEvent } from '../../live/publish';

export const REGISTRY_EVENTS_TOPIC = 'registry-events';

/** Tells Activity tabs that an event was recorded or changed (they refetch the row). */
export async function publishRegistryEvent(
  tx: DbOrTx,
  ev: { id: string; projectId: string; webhookId: string; result: string },
  type: 'registry-event.created' | 'registry-event.updated' = 'registry-event.created',
): Promise<void> {
  await publishLiveEvent(tx, {
    projectId: ev.projectId,
    topic: REGISTRY_EVENTS_TOPIC,
    type,
    data: { eventId: ev.id, webhookId: ev.webhookId, result: ev.result },
  });
}
