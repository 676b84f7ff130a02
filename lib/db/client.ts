import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
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
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: migrationsFolder() });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return async () => unsub();
    },
    close: () => client.close(),
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
  const db = drizzle(client, { schema }) as unknown as Db;
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
    close: () => client.end({ timeout: 5 }),
  };
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
