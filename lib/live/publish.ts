import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { LIVE_CHANNEL, notify } from '../db/notify';
import { liveEvents } from '../db/schema';

export interface LiveEventInput {
  projectId: string | null;
  /** e.g. "execution:<uuid>", "executions", "registry-events". */
  topic: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Writes a live event and NOTIFYs `slipway_live` with its id, inside the caller's transaction:
 * browsers see it only if the change commits. Events of one topic are serialised by a
 * transaction-scoped advisory lock, so ids of one topic commit in increasing order and a client
 * resuming after `Last-Event-ID` can never skip an event that committed late.
 */
export async function publishLiveEvent(tx: DbOrTx, ev: LiveEventInput): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'live:' + ev.topic}, 0))`);
  const [row] = await tx
    .insert(liveEvents)
    .values({ projectId: ev.projectId, topic: ev.topic, type: ev.type, data: ev.data })
    .returning({ id: liveEvents.id });
  if (!row) throw new Error('live event was not stored');
  await notify(tx, LIVE_CHANNEL, String(row.id));
  return row.id;
}
