import type { Actor } from '../auth/actor';
import type { Db, DbOrTx } from '../db/client';

/** Every service function receives this: who acts, and the database or transaction to act in. */
export interface Ctx {
  db: DbOrTx;
  actor: Actor;
  requestId?: string;
}

/** Runs fn in a transaction, reusing the caller's when ctx.db already is one. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  const db = ctx.db as Db;
  if (typeof (db as { rollback?: unknown }).rollback === 'function') return fn(ctx);
  return db.transaction((tx) => fn({ ...ctx, db: tx }));
}

export const SYSTEM_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'system@slipway',
  name: 'Slipway',
  admin: true,
  via: 'system',
};
