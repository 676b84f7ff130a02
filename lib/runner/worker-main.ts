/**
 * `npm run worker`: the runner alone (no web server) against DATABASE_URL (or the PGlite data
 * folder when run on the same machine as nothing else uses it). Stops cleanly on SIGTERM/SIGINT,
 * releasing its claims so another worker takes over at once.
 */
import { logger } from '../log';
import { startRunner, stopRunner } from './bootstrap';

async function main(): Promise<void> {
  const runner = await startRunner();
  logger.info({ workerId: runner.workerId }, 'worker running; stop with SIGTERM');
  let stopping = false;
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal: sig }, 'worker stopping');
      stopRunner()
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          logger.error({ err }, 'worker did not stop cleanly');
          process.exit(1);
        });
    });
  }
}

main().catch((err: unknown) => {
  logger.error({ err }, 'worker failed to start');
  process.exit(1);
});
