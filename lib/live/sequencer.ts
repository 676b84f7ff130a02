import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notifyOnCommit } from '../db/commit-signals';
import { liveEvents } from '../db/schema';

/** Where the sequencer announces that rows got their `seq`. */
export const LIVE_SEQ_CHANNEL = 'slipway_live_seq';

const BATCH = 5000;
const LOCK_KEY = 'slipway:live-seq';

function firstRow<T>(res: unknown): T | undefined {
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as T[];
  return rows[0];
}

/**
 * Numbers committed live events that have no `seq` yet, in id order, and NOTIFYs
 * `slipway_live_seq`. Sequencer runs are serialised by a transaction-scoped advisory lock (any
 * number of processes may call this), so a batch commits before the next one is numbered: `seq`
 * grows in commit order, and a reader that has seen seq N has seen every row numbered ≤ N.
 * Writers never wait on this lock. Returns how many rows were numbered.
 */
export async function sequenceLiveEvents(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${LOCK_KEY}, 0))`);
      // nextval is taken row by row in the order the inner query yields (id order), so events
      // written by one transaction keep their relative order.
      const res = await tx.execute(sql`with todo as (
          select q.id, nextval('live_events_seq') as s
          from (select id from ${liveEvents} where seq is null order by id limit ${BATCH}) q),
        upd as (
          update ${liveEvents} l set seq = todo.s from todo where l.id = todo.id returning l.seq)
        select count(*)::int as n from upd`);
      const row = firstRow<{ n: number }>(res);
      const count = Number(row?.n ?? 0);
      if (count > 0) await notifyOnCommit(tx, LIVE_SEQ_CHANNEL);
      return count;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Deletes numbered live events older than `days` (browsers that were away longer reload their
 * data through the API anyway), in batches from the oldest. Returns how many were deleted.
 */
export async function pruneLiveEvents(db: Db, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await db.execute(sql`with old as (
        select id from ${liveEvents}
        where created_at < now() - make_interval(days => ${days}) and seq is not null
        order by id limit ${BATCH})
      delete from ${liveEvents} l using old where l.id = old.id returning 1`);
    const n = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows).length;
    total += n;
    if (n < BATCH) return total;
  }
}
