/**
 * Runner benchmark (on demand: `npx tsx bench/runner/index.ts [pglite|postgres]`).
 * 500 executions of a 3-stage pipeline of CONDITION tasks on PGlite and on PostgreSQL
 * (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), with an in-process runner.
 * Prints executions/s, create → first task running (median, p99; under the 500-burst and one at a
 * time on an idle runner), runner overhead per task, peak memory, and unfinished executions.
 */
import { inArray } from 'drizzle-orm';
import { setDbHandleForProcess, type Db } from '../../lib/db/client';
import { executions, executionTasks } from '../../lib/db/schema';
import { registerRunnerExtensions } from '../../lib/runner/extensions';
import { seedPipeline, waitFor } from '../../lib/runner/testing';
import { Runner } from '../../lib/runner/worker';
import { createExecution, type RunnablePipeline } from '../../lib/services/executions';
import { createTestDatabase, type DatabaseKind } from '../../lib/test/databases';
import { makeProject, makeUser } from '../../lib/test/fixtures';

process.env.SLIPWAY_LOG_LEVEL ??= 'warn';
const N = Number(process.env.BENCH_EXECUTIONS ?? 500);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function create(db: Db, p: RunnablePipeline): Promise<string> {
  const s = await db.transaction((tx) =>
    createExecution(tx, { pipeline: p, inputs: {}, trigger: { type: 'USER' }, startedBy: null }),
  );
  return s.id;
}

async function measure(db: Db, ids: string[]) {
  const rows = await db.select().from(executions).where(inArray(executions.id, ids));
  const tasks = await db
    .select()
    .from(executionTasks)
    .where(inArray(executionTasks.executionId, ids));
  const byExec = new Map<string, typeof tasks>();
  for (const t of tasks) byExec.set(t.executionId, [...(byExec.get(t.executionId) ?? []), t]);
  const firstRunning: number[] = [];
  const overhead: number[] = [];
  for (const r of rows) {
    const ts = byExec.get(r.id) ?? [];
    const starts = ts.map((t) => t.startedAt?.getTime() ?? Infinity);
    firstRunning.push(Math.min(...starts) - r.createdAt.getTime());
    if (r.startedAt && r.endedAt) {
      const busy = ts.reduce(
        (a, t) => a + ((t.endedAt?.getTime() ?? 0) - (t.startedAt?.getTime() ?? 0)),
        0,
      );
      overhead.push((r.endedAt.getTime() - r.startedAt.getTime() - busy) / Math.max(1, ts.length));
    }
  }
  const unfinished = rows.filter((r) => !['COMPLETED', 'FAILED', 'CANCELED'].includes(r.status));
  const first = Math.min(...rows.map((r) => r.createdAt.getTime()));
  const last = Math.max(...rows.map((r) => r.endedAt?.getTime() ?? 0));
  return { rows, firstRunning, overhead, unfinished, seconds: (last - first) / 1000 };
}

async function bench(kind: DatabaseKind): Promise<void> {
  const tdb = await createTestDatabase(kind);
  const db = tdb.db;
  setDbHandleForProcess(tdb);
  registerRunnerExtensions();
  const runner = new Runner({ handle: tdb, pollMs: 1000, maxActive: 50 });
  await runner.start();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const owner = await makeUser(db);
    const project = await makeProject(owner.ctx);
    const stage = (n: string) => ({
      taskOrder: [n],
      tasks: { [n]: { type: 'CONDITION', input: { condition: '${executionIndex} > 0' } } },
    });
    const p = await seedPipeline(db, project.id, {
      name: 'bench',
      concurrency: 100,
      stageOrder: ['One', 'Two', 'Three'],
      stages: { One: stage('A'), Two: stage('B'), Three: stage('C') },
    });
    // Idle latency: one execution at a time.
    const idleIds: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = await create(db, p);
      idleIds.push(id);
      await waitFor(
        async () => {
          const [r] = await db
            .select()
            .from(executions)
            .where(inArray(executions.id, [id]));
          return r?.status === 'COMPLETED';
        },
        'idle execution',
        30_000,
        20,
      );
    }
    const idle = await measure(db, idleIds);
    // Throughput: N executions created back to back.
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push(await create(db, p));
    await waitFor(
      async () => {
        const rows = await db
          .select({ s: executions.status })
          .from(executions)
          .where(inArray(executions.id, ids));
        return rows.every((r) => ['COMPLETED', 'FAILED', 'CANCELED'].includes(r.s));
      },
      `${N} executions`,
      600_000,
      200,
    );
    const burst = await measure(db, ids);
    console.log(`\n== ${kind} ==`);
    console.log(`executions: ${N}, unfinished: ${burst.unfinished.length}`);
    console.log(`executions/s: ${(N / burst.seconds).toFixed(1)} (${burst.seconds.toFixed(1)} s)`);
    console.log(
      `create → first task running, idle (30 one at a time): median ${ms(pct(idle.firstRunning, 50))}, p99 ${ms(pct(idle.firstRunning, 99))}`,
    );
    console.log(
      `create → first task running, ${N} burst: median ${ms(pct(burst.firstRunning, 50))}, p99 ${ms(pct(burst.firstRunning, 99))}`,
    );
    console.log(
      `runner overhead per task: idle median ${ms(pct(idle.overhead, 50))}; burst median ${ms(pct(burst.overhead, 50))}, p99 ${ms(pct(burst.overhead, 99))}`,
    );
    console.log(`peak RSS: ${(peak / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    clearInterval(sampler);
    await runner.stop();
    await tdb.destroy();
  }
}

async function main() {
  const kinds = (process.argv[2] ? [process.argv[2]] : ['pglite', 'postgres']) as DatabaseKind[];
  for (const k of kinds) await bench(k);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
