/**
 * `npm run bench -- <name>`: runs bench/<name>/index.ts (run on demand, never in CI).
 * Without a name, lists the benchmarks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const available = fs
  .readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.ts')))
  .map((d) => d.name);
const [name, ...rest] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(name ? 2 : 0);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(dir, name, 'index.ts'), ...rest],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
