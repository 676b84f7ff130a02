import type { DbOrTx } from '../../db/client';
import { publishLiveEvent, type LiveEventInput } from '../../live/publish';

export const REGISTRY_EVENTS_TOPIC = 'registry-events';

type RegistryEventType = 'registry-event.created' | 'registry-event.updated';

/** Tells Activity tabs that an event was recorded or changed (they refetch the row). */
export function registryLiveEvent(
  ev: { id: string; projectId: string; webhookId: string; result: string },
  type: RegistryEventType = 'registry-event.created',
): LiveEventInput {
  return {
    projectId: ev.projectId,
    topic: REGISTRY_EVENTS_TOPIC,
    type,
    data: { eventId: ev.id, webhookId: ev.webhookId, result: ev.result },
  };
}

/** Writes that live event in the caller's transaction. */
export async function publishRegistryEvent(
  tx: DbOrTx,
  ev: { id: string; projectId: string; webhookId: string; result: string },
  type: RegistryEventType = 'registry-event.created',
): Promise<void> {
  await publishLiveEvent(tx, registryLiveEvent(ev, type));
}
