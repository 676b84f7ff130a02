import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { LIVE_CHANNEL } from '../db/notify';
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
  await lockTopic(tx, ev.topic);
  // Insert and NOTIFY in one statement (one round trip): the notification is sent on commit.
  const res = await tx.execute(sql`with ins as (
      insert into ${liveEvents} (project_id, topic, type, data)
      values (${ev.projectId}, ${ev.topic}, ${ev.type}, ${JSON.stringify(ev.data)}::jsonb)
      returning id)
    select id, pg_notify(${LIVE_CHANNEL}, id::text) from ins`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as {
    id: number | string;
  }[];
  const id = Number(rows[0]?.id);
  if (!Number.isFinite(id)) throw new Error('live event was not stored');
  return id;
}

/** Topics already locked by each open transaction (the lock is held until it ends). */
const lockedTopics = new WeakMap<object, Set<string>>();

async function lockTopic(tx: DbOrTx, topic: string): Promise<void> {
  // Only a transaction keeps the lock between statements; a plain handle locks every time.
  const inTx = 'rollback' in tx;
  const held = inTx ? lockedTopics.get(tx) : undefined;
  if (held?.has(topic)) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'live:' + topic}, 0))`);
  if (inTx) lockedTopics.set(tx, (held ?? new Set()).add(topic));
}
