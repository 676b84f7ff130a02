/**
 * Next.js calls register() once per server process. The runner starts inside the web server by
 * default; SLIPWAY_RUNNER=off makes a web-only replica (run `npm run worker` elsewhere).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkStartupConfiguration } = await import('./lib/startup-check');
  try {
    checkStartupConfiguration();
  } catch (err) {
    console.error(`Slipway cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  if (process.env.SLIPWAY_RUNNER === 'off') return;
  const { startRunner } = await import('./lib/runner/bootstrap');
  const { logger } = await import('./lib/log');
  const attempt = (delayMs: number): void => {
    startRunner().catch((err: unknown) => {
      logger.warn({ err, retryInMs: delayMs }, 'runner not started; retrying');
      setTimeout(() => attempt(Math.min(delayMs * 2, 30_000)), delayMs);
    });
  };
  attempt(1000);
}
