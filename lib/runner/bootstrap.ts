import { getDbHandle, type DbHandle } from '../db/client';
import { logger } from '../log';
import { registerRunnerExtensions } from './extensions';
import { registerFinishedFanOut } from './finished';
import { Runner } from './worker';

const g = globalThis as unknown as { __slipwayRunner?: Promise<Runner> };

function numberEnv(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Starts this process's runner once (web server via instrumentation.ts, or `npm run worker`). */
export function startRunner(handle?: DbHandle): Promise<Runner> {
  g.__slipwayRunner ??= (async () => {
    registerRunnerExtensions();
    const h = handle ?? (await getDbHandle());
    registerFinishedFanOut(h.db);
    const runner = new Runner({
      handle: h,
      leaseMs: numberEnv('SLIPWAY_RUNNER_LEASE_MS', 15_000),
      pollMs: numberEnv('SLIPWAY_RUNNER_POLL_MS', 1000),
      maxActive: numberEnv('SLIPWAY_RUNNER_CONCURRENCY', 50),
    });
    await runner.start();
    return runner;
  })().catch((err: unknown) => {
    g.__slipwayRunner = undefined;
    logger.error({ err }, 'runner could not start');
    throw err;
  });
  return g.__slipwayRunner;
}

export async function stopRunner(): Promise<void> {
  const r = g.__slipwayRunner;
  g.__slipwayRunner = undefined;
  if (r) await (await r).stop();
}
