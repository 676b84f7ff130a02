import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from './client';
import { logger } from '../log';

/**
 * NOTIFYs sent after a transaction commits, not inside it.
 *
 * PostgreSQL serialises the commits of every transaction that NOTIFYs (a database-wide lock held
 * from pre-commit until the commit's WAL flush is done), so a NOTIFY inside each webhook delivery
 * or runner step puts all of them in one queue. Signals only say "look again" (the rows are the
 * truth), so they are sent once the transaction committed, outside it, and coalesced per
 * process: while one NOTIFY statement is on its way, further signals wait and go out together in
 * the next one. A signal lost to a crash right after a commit is covered by the listeners' own
 * periodic sweep (live hub) or poll (runner).
 */

interface Signal {
  channel: string;
  payload: string;
}

/** Signals waiting for the transaction they were raised in (and its savepoints) to commit. */
const waiting = new WeakMap<object, Map<string, Signal>>();
const senders = new WeakMap<object, Sender>();
const installed = new WeakSet<object>();

type TransactionFn = (fn: (tx: unknown) => Promise<unknown>, config?: unknown) => Promise<unknown>;

/** Makes `db.transaction` (and nested savepoints) collect signals and send them on commit. */
export function installCommitSignals(db: Db): Db {
  if (installed.has(db)) return db;
  installed.add(db);
  const base = db.transaction.bind(db) as unknown as TransactionFn;
  const sender = senderFor(db);
  const wrapped: TransactionFn = async (fn, config) => {
    const signals = new Map<string, Signal>();
    const result = await base((tx) => {
      shareSignals(tx as object, signals);
      return fn(tx);
    }, config);
    for (const s of signals.values()) sender.send(s);
    return result;
  };
  (db as unknown as { transaction: TransactionFn }).transaction = wrapped;
  return db;
}

function shareSignals(tx: object, signals: Map<string, Signal>): void {
  waiting.set(tx, signals);
  const t = tx as { transaction?: TransactionFn };
  const nested = t.transaction?.bind(tx);
  if (!nested) return;
  t.transaction = (fn, config) =>
    nested((inner) => {
      shareSignals(inner as object, signals);
      return fn(inner);
    }, config);
}

/**
 * NOTIFY `channel` once `db`'s transaction commits (now, when `db` is no transaction). A
 * transaction that was not opened through an installed handle NOTIFYs inside itself, as before.
 */
export async function notifyOnCommit(db: DbOrTx, channel: string, payload = ''): Promise<void> {
  const signal = { channel, payload };
  const inTx = 'rollback' in db;
  if (!inTx) {
    senderFor(db as Db).send(signal);
    return;
  }
  const pending = waiting.get(db);
  if (pending) pending.set(`${channel}\u0000${payload}`, signal);
  else await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

function senderFor(db: Db): Sender {
  let s = senders.get(db);
  if (!s) senders.set(db, (s = new Sender(db)));
  return s;
}

/**
 * At most one NOTIFY statement in flight per database handle, and at most one every
 * GAP_MS: what arrives meanwhile is coalesced. A signal after a quiet spell goes out at once;
 * under load the statements stay few (each one costs a round trip and the NOTIFY lock).
 */
const GAP_MS = 10;

class Sender {
  private queue = new Map<string, Signal>();
  private draining: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  send(s: Signal): void {
    this.queue.set(`${s.channel}\u0000${s.payload}`, s);
    this.draining ??= this.drain();
  }

  /** Resolves once every queued signal was sent (or failed). */
  settled(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private lastSent = 0;

  private async drain(): Promise<void> {
    try {
      while (this.queue.size > 0) {
        const wait = this.lastSent + GAP_MS - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        this.lastSent = performance.now();
        const batch = [...this.queue.values()];
        this.queue.clear();
        try {
          await this.db.execute(
            sql`select ${sql.join(
              batch.map((s) => sql`pg_notify(${s.channel}, ${s.payload})`),
              sql`, `,
            )}`,
          );
        } catch (err) {
          // Listeners sweep/poll on their own; a lost signal only delays them.
          logger.warn({ err, channels: batch.map((s) => s.channel) }, 'NOTIFY after commit failed');
        }
      }
    } finally {
      this.draining = undefined;
    }
  }
}

/** Waits for the signals of `db` still on their way (before closing its connections). */
export function settleCommitSignals(db: Db): Promise<void> {
  return senders.get(db)?.settled() ?? Promise.resolve();
}
