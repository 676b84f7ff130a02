/**
 * `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL (or the embedded database) and
 * exits. The server also does this on start; this is for deploy pipelines that migrate first.
 */
import { openDatabase } from '../lib/db/client';

async function main(): Promise<void> {
  const handle = await openDatabase();
  console.log(`migrations applied (${handle.kind})`);
  await handle.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
