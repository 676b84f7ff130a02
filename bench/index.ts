/**
 * `npm run bench -- <name>`: runs bench/<name>/index.ts (or run.ts), on demand, never in CI.
 * Without a name, lists the benchmarks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const entry = (name: string) =>
  ['index.ts', 'run.ts'].map((f) => path.join(dir, name, f)).find((f) => fs.existsSync(f));
const available = fs
  .readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && entry(d.name))
  .map((d) => d.name);
const [name, ...rest] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(name ? 2 : 0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', entry(name)!, ...rest], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
