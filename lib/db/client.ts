import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { installCommitSignals, settleCommitSignals } from './commit-signals';
import * as schema from './schema';
import { dataDir, env } from '../env';
import { logger } from '../log';

export type Schema = typeof schema;
/** One type for PGlite, postgres-js and transactions of either: query helpers take it first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Subscribe to NOTIFY on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function migrationsFolder(): string {
  return path.resolve(process.cwd(), 'drizzle');
}

async function openPglite(dir: string): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  fs.mkdirSync(dir, { recursive: true });
  const client = dir === 'memory://' ? new PGlite() : new PGlite(dir);
  await client.waitReady;
  const db = installCommitSignals(drizzle(client, { schema }) as unknown as Db);
  await migrate(db as never, { migrationsFolder: migrationsFolder() });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return async () => unsub();
    },
    close: async () => {
      await settleCommitSignals(db);
      await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<DbHandle> {
  const postgres = (await import('postgres')).default;
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, {
    max: Number(process.env.SLIPWAY_DB_POOL ?? 10),
    onnotice: () => {},
    connection: { application_name: 'slipway' },
  });
  const prepared = process.env.SLIPWAY_DB_PREPARE !== 'false' ? preparedStatements(client) : client;
  const db = installCommitSignals(drizzle(prepared, { schema }) as unknown as Db);
  // Replicas may start together: one migrates at a time, on one dedicated connection.
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(7433101)`;
    await migrate(drizzle(migrator, { schema }), { migrationsFolder: migrationsFolder() });
    await migrator`select pg_advisory_unlock(7433101)`;
  } finally {
    await migrator.end({ timeout: 5 });
  }
  return {
    db,
    kind: 'postgres',
    async listen(channel, onPayload) {
      const sub = await client.listen(channel, onPayload);
      return () => sub.unlisten();
    },
    close: async () => {
      await settleCommitSignals(db);
      await client.end({ timeout: 5 });
    },
  };
}

type PgClient = import('postgres').Sql;

/**
 * drizzle runs every query through postgres-js `unsafe()` unprepared, so PostgreSQL parses and
 * plans each one every time (≈1 ms for the receiver's five-table lookup, measured with
 * bench/receiver). This view of the client prepares them instead — postgres-js then keeps one
 * named statement per query text and connection, as it does for its own tagged queries.
 * SLIPWAY_DB_PREPARE=false turns it off (for a pooler in transaction mode, such as PgBouncer).
 */
function preparedStatements(client: PgClient): PgClient {
  const wrap = (sql: PgClient): PgClient =>
    new Proxy(sql, {
      get(target, prop, receiver) {
        if (prop === 'unsafe') {
          return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
            target.unsafe(query, params as never, {
              ...options,
              // A query without parameters may hold several statements: only the simple
              // protocol runs those, and they are not worth preparing.
              prepare: Boolean(params?.length),
            });
        }
        if (prop === 'begin') {
          return (...args: unknown[]) => {
            const fn = args.pop() as (tx: PgClient) => unknown;
            return (target.begin as (...a: unknown[]) => Promise<unknown>)(
              ...args,
              (tx: PgClient) => fn(wrap(tx)),
            );
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  return wrap(client);
}

/** Opens the database named by the environment (DATABASE_URL, else PGlite in the data folder). */
export async function openDatabase(opts?: { url?: string; pgliteDir?: string }): Promise<DbHandle> {
  const url = opts?.url ?? env().DATABASE_URL;
  if (url) return openPostgres(url);
  return openPglite(opts?.pgliteDir ?? path.join(dataDir(), 'pglite'));
}

const g = globalThis as unknown as { __slipwayDb?: Promise<DbHandle> };

/** The process-wide database, opened (and migrated) on first use. */
export function getDbHandle(): Promise<DbHandle> {
  if (!g.__slipwayDb) {
    g.__slipwayDb = openDatabase().catch((err: unknown) => {
      g.__slipwayDb = undefined;
      logger.error({ err }, 'database could not be opened');
      throw err;
    });
  }
  return g.__slipwayDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Lets tests and workers install an already-open handle as the process database. */
export function setDbHandleForProcess(handle: DbHandle): void {
  g.__slipwayDb = Promise.resolve(handle);
}

export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
