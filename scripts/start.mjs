#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last build, then serve.
// Migrations are applied by the server itself when it first opens the database.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const distDir = process.env.NEXT_DIST_DIR || '.next';
const buildId = path.join(distDir, 'BUILD_ID');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ['app', 'components', 'lib', 'drizzle'].map(newestMtime);
  const files = ['package-lock.json', 'next.config.mjs', 'tsconfig.json']
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.statSync(f).mtimeMs);
  return Math.max(...sources, ...files) > built;
}

if (process.env.DATABASE_URL && !process.env.SLIPWAY_SECRET_KEY) {
  console.error(
    'Slipway cannot start: SLIPWAY_SECRET_KEY is required with DATABASE_URL, so that every replica ' +
      'decrypts the same secrets. Generate one with: openssl rand -hex 32',
  );
  process.exit(1);
}

if (process.env.SLIPWAY_SKIP_BUILD !== '1' && needsBuild()) {
  console.log('Slipway: building the application (first start or sources changed)…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT || '3000';
const host = process.env.HOST || '0.0.0.0';
const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  NEXTAUTH_URL:
    process.env.NEXTAUTH_URL || process.env.SLIPWAY_PUBLIC_URL || `http://localhost:${port}`,
};
console.log(
  `Slipway: serving on http://localhost:${port} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite in ' + (process.env.SLIPWAY_DATA_DIR || './data')})`,
);
const child = spawn(process.execPath, [nextBin, 'start', '-p', port, '-H', host], {
  stdio: 'inherit',
  env,
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
