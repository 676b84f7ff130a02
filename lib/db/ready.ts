import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { getDbHandle, migrationsFolder } from './client';

/** Database reachable and every migration in drizzle/ recorded as applied. */
export async function checkReadiness(): Promise<{
  ready: boolean;
  database: string;
  migrations: string;
  kind?: string;
}> {
  try {
    const handle = await getDbHandle();
    const journal = JSON.parse(
      fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8'),
    ) as {
      entries: unknown[];
    };
    const rows = await handle.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      n: number;
    }[];
    const applied = Number(list[0]?.n ?? 0);
    const expected = journal.entries.length;
    return {
      ready: applied >= expected,
      database: 'reachable',
      migrations: `${applied}/${expected} applied`,
      kind: handle.kind,
    };
  } catch (err) {
    return {
      ready: false,
      database: `unreachable: ${(err as Error).message}`,
      migrations: 'unknown',
    };
  }
}
