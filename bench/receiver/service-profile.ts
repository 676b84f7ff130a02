/**
 * Where the receiver's time goes (on demand, after run.ts left its database behind):
 * `npx tsx bench/receiver/service-profile.ts` — the receiver service without HTTP or Next.js,
 * BENCH_COUNT (64) concurrent deliveries on a pool of SLIPWAY_DB_POOL connections. Compare with
 * run.ts's figures to see what the HTTP layer costs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { hashToken } from '../../lib/crypto/tokens';
import { openDatabase } from '../../lib/db/client';
import { dockerWebhooks } from '../../lib/db/schema';
import { receiveDockerHubDelivery } from '../../lib/services/registry-events';

const URL_ = process.env.BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/slipway_h7_bench';
process.env.SLIPWAY_SECRET_KEY ??= '22'.repeat(32);

async function main() {
  const h = await openDatabase({ url: URL_ });
  const [w] = await h.db.select().from(dockerWebhooks);
  if (!w) throw new Error('run bench/receiver/run.ts first: it leaves a webhook in the database');
  const token = 'swh_profile';
  await h.db
    .update(dockerWebhooks)
    .set({ secureTokenHash: hashToken(token) })
    .where(eq(dockerWebhooks.id, w.id));
  const payload = fs.readFileSync(
    path.join(__dirname, '../../lib/receiver/fixtures/dockerhub-push.json'),
    'utf8',
  );
  let n = 0;
  async function round(name: string, count = Number(process.env.BENCH_COUNT ?? 64)) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const lat = await Promise.all(
      Array.from({ length: count }, async () => {
        const body = payload.replace('"tag": "latest"', `"tag": "s${process.pid}.${n++}"`);
        const t = performance.now();
        const a = await receiveDockerHubDelivery(h.db, {
          secureToken: token,
          readBody: () => Promise.resolve(body),
        });
        if (a.status !== 202) throw new Error(JSON.stringify(a.body));
        return performance.now() - t;
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000 / count;
    lat.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(40)} ${(count / s).toFixed(0).padStart(5)}/s  p50 ${lat[count >> 1]!.toFixed(0)} ms  p99 ${lat[Math.floor(count * 0.99)]!.toFixed(0)} ms  Node CPU ${cpuMs.toFixed(3)} ms/delivery`,
    );
  }
  await round('warm-up', 16);
  await round('receiver (TRIGGERED, with its execution)');
  await h.close();
}
void main();
