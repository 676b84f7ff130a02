import { spawn, type ChildProcess } from 'node:child_process';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { executions, executionTasks } from '../db/schema';
import { createExecution } from '../services/executions';
import { createTestDatabase, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import { WORKER_LOST_MESSAGE } from './engine';
import {
  seedPipeline,
  startTestServer,
  taskRows,
  waitFor,
  waitForStatus,
  waitForTask,
  type TestServer,
} from './testing';

/** `npm run worker` as a real process on the test database. */
function startWorker(url: string): ChildProcess {
  // One process (node with the tsx loader), so that kill -9 hits the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/runner/worker-main.ts'], {
    env: { ...process.env, DATABASE_URL: url, SLIPWAY_LOG_LEVEL: 'warn', SLIPWAY_DB_POOL: '5' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('several worker processes on one PostgreSQL', () => {
  let tdb: TestDatabase;
  let db: Db;
  let server: TestServer;
  let pollReady = false;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    db = tdb.db;
    server = await startTestServer((req) => {
      if (req.path.startsWith('/hang')) return undefined;
      if (req.path.startsWith('/ready')) return { status: pollReady ? 200 : 503 };
      return { status: 200, body: { ok: true } };
    });
  });
  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await server.close();
    await tdb.destroy();
  });

  it('two workers run 200 executions and no task runs twice', async () => {
    const owner = await makeUser(db);
    const project = await makeProject(owner.ctx);
    const p = await seedPipeline(db, project.id, {
      name: 'many',
      concurrency: 100,
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['Hit', 'Check'],
          tasks: {
            Hit: {
              type: 'REST',
              input: { action: 'post', url: `${server.url}/hit/\${executionId}` },
            },
            Check: { type: 'CONDITION', input: { condition: '${S.Hit.output.status} == 200' } },
          },
        },
      },
    });
    workers.push(startWorker(tdb.url!), startWorker(tdb.url!));
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const s = await db.transaction((tx) =>
        createExecution(tx, {
          pipeline: p,
          inputs: {},
          trigger: { type: 'USER' },
          startedBy: null,
        }),
      );
      ids.push(s.id);
    }
    await waitFor(
      async () => {
        const rows = await db
          .select({ status: executions.status })
          .from(executions)
          .where(inArray(executions.id, ids));
        return rows.every((r) => ['COMPLETED', 'FAILED', 'CANCELED'].includes(r.status));
      },
      '200 executions to finish',
      120_000,
      500,
    );
    const rows = await db.select().from(executions).where(inArray(executions.id, ids));
    expect(rows.filter((r) => r.status !== 'COMPLETED')).toEqual([]);
    const hits = server.hits.filter((h) => h.path.startsWith('/hit/')).map((h) => h.path);
    expect(hits.length).toBe(200);
    expect(new Set(hits).size).toBe(200);
    const tasks = await db
      .select({ attempt: executionTasks.attempt })
      .from(executionTasks)
      .where(inArray(executionTasks.executionId, ids));
    expect(tasks.length).toBe(400);
    expect(tasks.every((t) => t.attempt === 1)).toBe(true);
    await Promise.all(workers.splice(0).map(stopWorker));
  }, 180_000);

  it('a worker killed with -9 mid-task: another takes over within 30 s (safe task resumed, unsafe one failed)', async () => {
    const owner = await makeUser(db);
    const project = await makeProject(owner.ctx);
    const p = await seedPipeline(db, project.id, {
      name: 'killed',
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['Poll, Post'],
          tasks: {
            Poll: {
              type: 'POLL',
              input: {
                url: `${server.url}/ready`,
                intervalSeconds: 0.5,
                timeoutMinutes: 2,
                successCondition: '${response.status} == 200',
              },
            },
            Post: {
              type: 'REST',
              input: { action: 'post', url: `${server.url}/hang`, timeout: 120 },
            },
          },
        },
      },
    });
    const a = startWorker(tdb.url!);
    workers.push(a);
    const s = await db.transaction((tx) =>
      createExecution(tx, { pipeline: p, inputs: {}, trigger: { type: 'USER' }, startedBy: null }),
    );
    await waitForTask(db, s.id, 'Poll', ['RUNNING'], 30_000);
    await waitForTask(db, s.id, 'Post', ['RUNNING'], 30_000);
    // Mid-task means the POST was sent (RUNNING commits just before the request goes out).
    await waitFor(
      () => Promise.resolve(server.hits.some((h) => h.path === '/hang')),
      'the POST to reach the server',
      30_000,
    );
    const exited = new Promise((r) => a.once('exit', r));
    a.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    workers.push(startWorker(tdb.url!));
    pollReady = true;
    const done = await waitForStatus(db, s.id, ['COMPLETED', 'FAILED', 'CANCELED'], 30_000).catch(
      async (err: Error) => {
        const [row] = await db
          .select()
          .from(executions)
          .where(inArray(executions.id, [s.id]));
        throw new Error(
          `${err.message}: ${JSON.stringify({ row, tasks: await taskRows(db, s.id) })}`,
        );
      },
    );
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(done.status).toBe('FAILED');
    const tasks = await taskRows(db, s.id);
    expect(tasks.find((t) => t.task === 'Poll')).toMatchObject({ status: 'COMPLETED', attempt: 2 });
    expect(tasks.find((t) => t.task === 'Post')).toMatchObject({
      status: 'FAILED',
      message: WORKER_LOST_MESSAGE,
    });
    expect(server.hits.filter((h) => h.path === '/hang').length).toBe(1);
  }, 90_000);
});
