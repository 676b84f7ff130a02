import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client';

export const LIVE_CHANNEL = 'slipway_live';

/** NOTIFY inside the caller's transaction: delivered only if it commits. */
export async function notify(db: DbOrTx, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}
