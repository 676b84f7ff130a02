import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeError } from './log';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './test/databases';

describe.each(DATABASE_KINDS)('logged database errors on %s', (kind) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
  });
  afterAll(() => tdb.destroy());

  it('keep the failure but never the query parameters', async () => {
    const secret = 'hunter2-very-secret-value';
    const err = await tdb.db.execute(sql`select ${secret}::text as s, 1 / 0 as boom`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    // drizzle itself carries them, in `params` and in its message…
    expect(
      JSON.stringify({ m: (err as Error).message, p: (err as { params?: unknown }).params }),
    ).toContain(secret);
    // …the log line does not.
    const logged = JSON.stringify(serializeError(err));
    expect(logged).not.toContain(secret);
    expect(logged).toContain('division by zero');
    expect(logged).toContain('[not logged]');
  });
});
