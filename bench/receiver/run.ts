/**
 * bench/receiver — on demand: `npx tsx bench/receiver/run.ts` (needs a production build in
 * NEXT_DIST_DIR, default .next-bench, and PostgreSQL at BENCH_ADMIN_URL).
 * Starts Slipway (runner off: the receiver is measured, not the pipelines) and a bare Node
 * server on the same fresh database, loads both on 127.0.0.1 with autocannon, prints the
 * figures side by side with the receiver service called in-process (no HTTP), then checks that
 * every accepted delivery has its event row.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startBareServer } from './bare-server';
import { loadTest, type LoadResult } from './load';
import { openDatabase } from '../../lib/db/client';
import { serviceLoad } from './service-load';
import { prepareWebhook } from './setup';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = process.env.BENCH_DB ?? 'slipway_bench_receiver';
const PORT = Number(process.env.BENCH_PORT ?? 3749);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(__dirname, '../..');
const SECRET_KEY = '22'.repeat(32);

async function freshDatabase(): Promise<string> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB} with (force)`);
  await admin.unsafe(`create database ${DB}`);
  await admin.end();
  return ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`);
}

async function startSlipway(databaseUrl: string) {
  const child = spawn('node', ['scripts/start.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-bench',
      SLIPWAY_SECRET_KEY: SECRET_KEY,
      SLIPWAY_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      SLIPWAY_RUNNER: 'off',
      SLIPWAY_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error('Slipway did not start within 10 minutes');
}

function table(rows: LoadResult[]) {
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => String(c).padEnd(i ? 14 : 30)).join('');
  console.log(
    line(['server', 'deliveries/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'accepted']),
  );
  for (const r of rows)
    console.log(line([r.name, r.perSecond, r.p50, r.p99, r.errors, r.non2xx, r.accepted.length]));
}

async function missing(sql: postgres.Sql, tableName: string, ids: string[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const [r] = await sql.unsafe<{ n: number }[]>(
      `select count(*)::int as n from ${tableName} where id = any($1::uuid[])`,
      [chunk],
    );
    found += r!.n;
  }
  return ids.length - found;
}

async function main() {
  const databaseUrl = await freshDatabase();
  const slipway = await startSlipway(databaseUrl);
  const bare = await startBareServer(databaseUrl);
  try {
    const hookPath = await prepareWebhook(slipway.base);
    const payload = fs.readFileSync(
      path.join(root, 'lib/receiver/fixtures/dockerhub-push.json'),
      'utf8',
    );
    const opts = { connections: CONNECTIONS, seconds: SECONDS };
    // Warm both up (JIT, connection pools, Next.js route compilation) before measuring.
    await loadTest('warm-up', `${slipway.base}${hookPath}`, payload, {
      connections: 4,
      seconds: 2,
    });
    await loadTest('warm-up', bare.url, payload, { connections: 4, seconds: 2 });
    await loadTest('warm-up', `${slipway.base}/api/health`, null, { connections: 4, seconds: 2 });
    const bareResult = await loadTest('bare node http + insert', bare.url, payload, opts);
    // The framework's own floor: an empty route handler (GET /api/health) of the same server.
    const floorResult = await loadTest(
      'slipway, empty Next.js route',
      `${slipway.base}/api/health`,
      null,
      opts,
    );
    const slipResult = await loadTest(
      'slipway receiver',
      `${slipway.base}${hookPath}`,
      payload,
      opts,
    );
    // The receiver's own work without any HTTP layer, in this process, same database and pool size.
    process.env.SLIPWAY_SECRET_KEY ??= SECRET_KEY;
    const service = await openDatabase({ url: databaseUrl });
    const token = new URL(hookPath, slipway.base).searchParams.get('secureToken')!;
    await serviceLoad('warm-up', service.db, token, payload, { connections: 4, seconds: 2 });
    const serviceResult = await serviceLoad(
      'receiver service, no HTTP',
      service.db,
      token,
      payload,
      opts,
    );
    await service.close();
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, 127.0.0.1, PostgreSQL ${DB}\n`);
    table([bareResult, floorResult, slipResult, serviceResult]);
    const ratio = slipResult.perSecond / Math.max(1, bareResult.perSecond);
    const floorRatio = floorResult.perSecond / Math.max(1, bareResult.perSecond);
    const lostSlipway = await missing(bare.sql, 'registry_events', slipResult.accepted);
    const lostBare = await missing(bare.sql, 'bench_bare_events', bareResult.accepted);
    const lostService = await missing(bare.sql, 'registry_events', serviceResult.accepted);
    const [triggered] = await bare.sql<
      { n: number }[]
    >`select count(*)::int as n from registry_events where result = 'TRIGGERED' and execution_id is not null`;
    console.log(`\nthroughput ratio slipway/bare: ${ratio.toFixed(2)} (target ≥ 0.5)`);
    console.log(
      `  for scale: an empty Next.js route/bare ${floorRatio.toFixed(2)}; receiver/empty route ${(slipResult.perSecond / Math.max(1, floorResult.perSecond)).toFixed(2)}`,
    );
    console.log(
      `  the receiver's work without HTTP (the most any HTTP layer could give here): ${(serviceResult.perSecond / Math.max(1, bareResult.perSecond)).toFixed(2)}× bare, ${serviceResult.cpuMsPerDelivery.toFixed(2)} ms of Node CPU per delivery`,
    );
    console.log(`p99 at ${CONNECTIONS} connections: ${slipResult.p99} ms (target < 100 ms)`);
    console.log(
      `accepted deliveries without their event row: slipway ${lostSlipway}, bare ${lostBare}, service ${lostService} (target 0)`,
    );
    console.log(`events TRIGGERED with their execution: ${triggered!.n}`);
    process.exitCode = lostSlipway + lostService === 0 ? 0 : 1;
  } finally {
    await bare.stop();
    slipway.child.kill('SIGTERM');
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
