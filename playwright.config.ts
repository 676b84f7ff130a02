import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;

/**
 * The server under test is a real `npm start` (production build) on its own port and database
 * (scripts/test.sh gives it a fresh PostgreSQL database; E2E_DATABASE_URL unset means PGlite).
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts$/,
  // One output folder per server port, so parallel runs never clear each other's traces.
  outputDir: `test-results/e2e-${port}`,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'first-run', testMatch: /console\/first-run\.spec\.ts$/ },
    { name: 'all', testIgnore: /console\/first-run\.spec\.ts$/, dependencies: ['first-run'] },
  ],
  webServer: {
    command: 'node scripts/start.mjs',
    url: `${baseURL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next',
      SLIPWAY_DATA_DIR: process.env.E2E_DATA_DIR ?? `./data-e2e-${port}`,
      SLIPWAY_PUBLIC_URL: baseURL,
      SLIPWAY_LOG_LEVEL: 'warn',
      // Only the tests' own callback receiver on 127.0.0.1: the fixtures' callback_urls point at
      // Docker Hub, which tests must never contact.
      SLIPWAY_CALLBACK_HOSTS: process.env.SLIPWAY_CALLBACK_HOSTS ?? '127.0.0.1',
      ...(process.env.E2E_DATABASE_URL && {
        DATABASE_URL: process.env.E2E_DATABASE_URL,
        SLIPWAY_SECRET_KEY: process.env.SLIPWAY_SECRET_KEY ?? '11'.repeat(32),
      }),
    },
  },
});
