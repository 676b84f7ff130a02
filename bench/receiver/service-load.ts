import { receiveDockerHubDelivery } from '../../lib/services/registry-events';
import type { Db } from '../../lib/db/client';
import type { LoadResult } from './load';

/**
 * The receiver service called directly — no HTTP, no Next.js — by `connections` concurrent
 * callers for `seconds`, each delivery with its own tag: the most any HTTP layer in front of it
 * could reach on this machine. Also reports this process's CPU per delivery.
 */
export async function serviceLoad(
  name: string,
  db: Db,
  secureToken: string,
  payload: string,
  opts: { connections: number; seconds: number },
): Promise<LoadResult & { cpuMsPerDelivery: number }> {
  const latencies: number[] = [];
  const accepted: string[] = [];
  let errors = 0;
  let non2xx = 0;
  let n = 0;
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < end) {
        const body = payload.replace('"tag": "latest"', `"tag": "s${process.pid}.${n++}"`);
        const t = performance.now();
        try {
          const a = await receiveDockerHubDelivery(db, {
            secureToken,
            readBody: () => Promise.resolve(body),
          });
          latencies.push(performance.now() - t);
          if (a.status === 202) accepted.push(a.body.eventId as string);
          else non2xx++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0);
  return {
    name,
    requests: latencies.length + errors,
    perSecond: Math.round(latencies.length / seconds),
    p50: at(0.5),
    p99: at(0.99),
    errors,
    non2xx,
    accepted,
    cpuMsPerDelivery: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
  };
}
