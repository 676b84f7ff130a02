import crypto from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DbHandle } from '../db/client';

/** The databases every integration test runs against: embedded PGlite and real PostgreSQL. */
export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

const adminUrl = () =>
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends DbHandle {
  /** Drops the database (PostgreSQL) and closes connections. */
  destroy(): Promise<void>;
  url?: string;
}

/** A fresh, migrated database of the given kind, used by one test file. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  process.env.SLIPWAY_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  if (kind === 'pglite') {
    const handle = await openDatabase({ url: undefined, pgliteDir: 'memory://' });
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `slipway_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = `${adminUrl().replace(/\/[^/]*$/, '')}/${name}`;
  const handle = await openDatabase({ url });
  return {
    ...handle,
    url,
    async destroy() {
      await handle.close();
      const a = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
