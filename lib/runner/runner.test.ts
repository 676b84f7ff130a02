import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { setDbHandleForProcess, type Db } from '../db/client';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import { addMember } from '../services/projects';
import {
  cancelExecution,
  createExecution,
  decideApproval,
  getExecution,
  getTaskLog,
  listExecutions,
  runPipeline,
} from '../services/executions';
import { WORKER_LOST_MESSAGE } from './engine';
import { registerRunnerExtensions } from './extensions';
import { registerExecutionFinishedHandler, registerFinishedFanOut } from './finished';
import {
  executionRow,
  seedPipeline,
  seedSecret,
  startTestServer,
  taskRows,
  waitFor,
  waitForStatus,
  waitForTask,
  type TestServer,
} from './testing';
import { Runner } from './worker';
import { executions, executionTasks } from '../db/schema';
import { eq, sql } from 'drizzle-orm';

async function expectCode(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
}

const finished: { executionId: string; status: string }[] = [];
registerExecutionFinishedHandler('test-collector', (ev) => {
  finished.push({ executionId: ev.executionId, status: ev.status });
  return Promise.resolve();
});

describe.each(DATABASE_KINDS)('runner on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let runner: Runner;
  let server: TestServer;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let project: Awaited<ReturnType<typeof makeProject>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    // Handlers that use the process database (getDb()) must see this test's database.
    setDbHandleForProcess(tdb);
    registerRunnerExtensions();
    registerFinishedFanOut(db);
    runner = new Runner({ handle: tdb, leaseMs: 3000, pollMs: 200 });
    await runner.start();
    server = await startTestServer((req) => {
      if (req.path.startsWith('/hang')) return undefined;
      if (req.path.startsWith('/down')) return { status: 503, body: { ready: false } };
      return { status: 200, body: { ok: true, echo: req.body, version: '1.2.3' } };
    });
    owner = await makeUser(db);
    project = await makeProject(owner.ctx);
  });
  afterAll(async () => {
    await runner.stop();
    await server.close();
    await tdb.destroy();
  });

  it('runs stages in order, groups in parallel, skips, ignores failures, feeds outputs and masks secrets', async () => {
    await seedSecret(db, project.id, 'TOKEN', 's3cr3t-value');
    await seedSecret(db, project.id, 'PIN', 'q7');
    const p = await seedPipeline(db, project.id, {
      name: 'flow-' + kind,
      input: { TAG: 'v1', REPLICAS: '2' },
      output: { VERSION: '${Build.Call.output.body.version}', TAG: '${input.TAG}' },
      stageOrder: ['Build', 'Check'],
      stages: {
        Build: {
          taskOrder: ['Call, Cond'],
          tasks: {
            Call: {
              type: 'REST',
              input: {
                action: 'post',
                url: `${server.url}/echo`,
                headers: { authorization: 'Bearer ${var.TOKEN}' },
                payload: { tag: '${input.TAG}', token: '${var.TOKEN}' },
              },
            },
            Cond: { type: 'CONDITION', input: { condition: '${input.REPLICAS} > 1' } },
          },
        },
        Check: {
          taskOrder: ['Skipped', 'Fails', 'Uses'],
          tasks: {
            Skipped: {
              type: 'CONDITION',
              preCondition:
                '"${var.TOKEN}" != "" && "${var.PIN}" != "" && "${input.TAG}" == "latest"',
              input: { condition: 'false' },
            },
            Fails: { type: 'CONDITION', ignoreFailure: true, input: { condition: '1 == 2' } },
            Uses: {
              type: 'CONDITION',
              input: { condition: '${Build.Call.output.status} == 200' },
            },
          },
        },
      },
    });
    const started = await runPipeline(owner.ctx, p.id, { TAG: 'v2' });
    expect(started).toMatchObject({ index: 1, status: 'QUEUED' });
    const done = await waitForStatus(db, started.id, ['COMPLETED', 'FAILED']);
    const dto = await getExecution(owner.ctx, started.id);
    expect(done.status, JSON.stringify(dto.stages)).toBe('COMPLETED');
    expect(dto.outputs).toEqual({ VERSION: '1.2.3', TAG: 'v2' });
    const byName = Object.fromEntries(dto.stages.flatMap((s) => s.tasks).map((t) => [t.name, t]));
    expect(byName.Skipped?.status).toBe('SKIPPED');
    // The skip names the values it compared, secrets masked or (too short to mask) not shown.
    const skipped = byName.Skipped?.message ?? '';
    expect(skipped).toContain('preCondition is false: ');
    expect(skipped).toContain('TAG = "v2"');
    expect(skipped).toContain('var.TOKEN = "*****"');
    expect(skipped).toContain('var.PIN = (not shown)');
    expect(skipped).not.toContain('s3cr3t-value');
    expect(skipped).not.toContain('q7');
    expect(byName.Fails?.status).toBe('FAILED');
    expect(byName.Uses?.status).toBe('COMPLETED');
    expect(dto.stages.map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED']);
    // The request carried the secret; nothing shown does.
    expect(server.hits.some((h) => h.body.includes('s3cr3t-value'))).toBe(true);
    expect(JSON.stringify(dto)).not.toContain('s3cr3t-value');
    expect(JSON.stringify(byName.Call?.input)).toContain('*****');
    const log = await getTaskLog(owner.ctx, started.id, 'Build', 'Call');
    expect(log.content).toContain('POST');
    await waitFor(
      () => Promise.resolve(finished.find((f) => f.executionId === started.id)),
      'the execution-finished handler',
    );
    const list = await listExecutions(owner.ctx, { project: project.name, limit: 10 });
    expect(list.items[0]).toMatchObject({ id: started.id, status: 'COMPLETED' });
  });

  it('rejects a missing mandatory input (422 naming it) and a disabled pipeline (409)', async () => {
    const p = await seedPipeline(db, project.id, {
      name: 'mandatory-' + kind,
      input: { IMAGE: '' },
      _inputMeta: { IMAGE: { mandatory: true } },
      stageOrder: [],
      stages: {},
    });
    await expectCode(runPipeline(owner.ctx, p.id, {}), 'VALIDATION_FAILED', /IMAGE/);
    await expectCode(
      runPipeline(owner.ctx, p.id, { NOPE: 'x', IMAGE: 'a' }),
      'VALIDATION_FAILED',
      /NOPE/,
    );
    const off = await seedPipeline(db, project.id, { name: 'off-' + kind, enabled: false });
    await expectCode(runPipeline(owner.ctx, off.id, {}), 'CONFLICT', /disabled/);
  });

  it('fails a REST task against a hanging host at its timeout with that message', async () => {
    const p = await seedPipeline(db, project.id, {
      name: 'hang-' + kind,
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['Hang'],
          tasks: {
            Hang: { type: 'REST', input: { action: 'get', url: `${server.url}/hang`, timeout: 1 } },
          },
        },
      },
    });
    const t0 = Date.now();
    const s = await runPipeline(owner.ctx, p.id, {});
    const done = await waitForStatus(db, s.id, ['COMPLETED', 'FAILED']);
    expect(done.status).toBe('FAILED');
    expect(Date.now() - t0).toBeLessThan(8000);
    const [t] = await taskRows(db, s.id);
    expect(t?.message).toMatch(/Timed out after 1 s waiting for GET .*\/hang/);
  });

  it('cancels a running POLL promptly (CANCELING → CANCELED)', async () => {
    const p = await seedPipeline(db, project.id, {
      name: 'poll-' + kind,
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['Wait'],
          tasks: {
            Wait: {
              type: 'POLL',
              input: {
                url: `${server.url}/down`,
                intervalSeconds: 0.2,
                timeoutMinutes: 5,
                successCondition: '${response.status} == 200',
              },
            },
          },
        },
      },
    });
    const s = await runPipeline(owner.ctx, p.id, {});
    await waitForTask(db, s.id, 'Wait', ['RUNNING']);
    await waitFor(
      () => Promise.resolve(server.hits.filter((h) => h.path === '/down').length >= 2),
      'polls',
    );
    const t0 = Date.now();
    const c = await cancelExecution(owner.ctx, s.id);
    expect(c.status).toBe('CANCELING');
    const done = await waitForStatus(db, s.id, ['CANCELED', 'FAILED', 'COMPLETED'], 5000);
    expect(done.status).toBe('CANCELED');
    expect(Date.now() - t0).toBeLessThan(3000);
    const [t] = await taskRows(db, s.id);
    expect(t?.status).toBe('CANCELED');
    await expectCode(cancelExecution(owner.ctx, s.id), 'CONFLICT', /already ended/);
  });

  it('waits for approval: approvers only (403), decision once (409), then completes', async () => {
    const approver = await makeUser(db);
    const executor = await makeUser(db);
    const viewer = await makeUser(db);
    await addMember(owner.ctx, project.id, { email: approver.actor.email, role: 'VIEWER' });
    await addMember(owner.ctx, project.id, { email: executor.actor.email, role: 'EXECUTOR' });
    await addMember(owner.ctx, project.id, { email: viewer.actor.email, role: 'VIEWER' });
    const p = await seedPipeline(db, project.id, {
      name: 'approve-' + kind,
      stageOrder: ['Gate', 'After'],
      stages: {
        Gate: {
          taskOrder: ['Named, Anyone'],
          tasks: {
            Named: {
              type: 'USER_OPERATION',
              input: { approvers: [approver.actor.email], summary: 'ok?' },
            },
            Anyone: { type: 'USER_OPERATION', input: { summary: 'ok?', expirationHours: 1 } },
          },
        },
        After: {
          taskOrder: ['Done'],
          tasks: {
            Done: {
              type: 'CONDITION',
              input: { condition: '"${Gate.Named.output.decision}" == "APPROVE"' },
            },
          },
        },
      },
    });
    const s = await runPipeline(owner.ctx, p.id, {});
    await waitForStatus(db, s.id, ['WAITING']);
    const ex = await executionRow(db, s.id);
    expect(ex.claimToken).toBeNull();
    const d = (task: string, decision: 'APPROVE' | 'REJECT') => ({
      stage: 'Gate',
      task,
      decision,
      comment: 'fine',
    });
    await expectCode(decideApproval(executor.ctx, s.id, d('Named', 'APPROVE')), 'FORBIDDEN');
    await expectCode(
      decideApproval(viewer.ctx, s.id, d('Anyone', 'APPROVE')),
      'FORBIDDEN',
      /EXECUTOR/,
    );
    await decideApproval(approver.ctx, s.id, d('Named', 'APPROVE'));
    await expectCode(
      decideApproval(approver.ctx, s.id, d('Named', 'APPROVE')),
      'CONFLICT',
      /Already decided/,
    );
    expect((await executionRow(db, s.id)).status).toBe('WAITING');
    await decideApproval(executor.ctx, s.id, d('Anyone', 'APPROVE'));
    const done = await waitForStatus(db, s.id, ['COMPLETED', 'FAILED']);
    expect(done.status).toBe('COMPLETED');
    const dto = await getExecution(owner.ctx, s.id);
    expect(dto.stages[0]?.tasks.find((t) => t.name === 'Named')?.output).toMatchObject({
      decision: 'APPROVE',
      approver: approver.actor.email,
    });

    const r = await runPipeline(owner.ctx, p.id, {});
    await waitForStatus(db, r.id, ['WAITING']);
    await decideApproval(approver.ctx, r.id, d('Named', 'REJECT'));
    await decideApproval(executor.ctx, r.id, d('Anyone', 'APPROVE'));
    const rejected = await waitForStatus(db, r.id, ['COMPLETED', 'FAILED']);
    expect(rejected.status).toBe('FAILED');
    expect(rejected.message).toMatch(/Rejected by/);
  });

  it('honours pipeline concurrency: excess executions wait QUEUED', async () => {
    const p = await seedPipeline(db, project.id, {
      name: 'conc-' + kind,
      concurrency: 1,
      stageOrder: ['S'],
      stages: {
        S: { taskOrder: ['Gate'], tasks: { Gate: { type: 'USER_OPERATION', input: {} } } },
      },
    });
    const a = await runPipeline(owner.ctx, p.id, {});
    const b = await runPipeline(owner.ctx, p.id, {});
    await waitForStatus(db, a.id, ['WAITING']);
    runner.kick();
    await new Promise((r) => setTimeout(r, 600));
    expect((await executionRow(db, b.id)).status).toBe('QUEUED');
    await decideApproval(owner.ctx, a.id, {
      stage: 'S',
      task: 'Gate',
      decision: 'APPROVE',
      comment: '',
    });
    await waitForStatus(db, a.id, ['COMPLETED']);
    await waitForStatus(db, b.id, ['WAITING']);
    await cancelExecution(owner.ctx, b.id);
    expect((await executionRow(db, b.id)).status).toBe('CANCELED');
  });

  it('one claim that finds several queued runs of a pipeline starts the oldest, only', async () => {
    const p = await seedPipeline(db, project.id, {
      name: 'fifo-' + kind,
      concurrency: 1,
      stageOrder: ['S'],
      stages: {
        S: { taskOrder: ['Gate'], tasks: { Gate: { type: 'USER_OPERATION', input: {} } } },
      },
    });
    // Queued while no runner claims, so that the next claim sees all four at once.
    await runner.stop();
    const runs = [];
    try {
      for (let i = 0; i < 4; i++) runs.push(await runPipeline(owner.ctx, p.id, {}));
    } finally {
      await runner.start();
    }
    await waitForStatus(db, runs[0]!.id, ['WAITING']);
    for (const r of runs.slice(1)) {
      const row = await executionRow(db, r.id);
      expect(row.status).toBe('QUEUED');
      expect(row.startedAt).toBeNull();
    }
    for (const r of runs) await cancelExecution(owner.ctx, r.id);
  });

  it('takes over an execution whose worker was lost: repeats safe tasks, fails unsafe ones', async () => {
    const p = await seedPipeline(db, project.id, {
      name: 'lost-' + kind,
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['Safe, Unsafe'],
          tasks: {
            Safe: { type: 'CONDITION', input: { condition: 'true' } },
            Unsafe: { type: 'REST', input: { action: 'post', url: `${server.url}/x` } },
          },
        },
      },
    });
    // A worker that died mid-task: its claim and RUNNING tasks remain, its lease has expired.
    const s = await db.transaction(async (tx) => {
      const created = await createExecution(tx, {
        pipeline: p,
        inputs: {},
        trigger: { type: 'USER' },
        startedBy: null,
      });
      await tx
        .update(executions)
        .set({
          status: 'RUNNING',
          claimedBy: 'dead-worker',
          claimToken: sql`gen_random_uuid()`,
          leaseUntil: sql`now() + interval '1 second'`,
        })
        .where(eq(executions.id, created.id));
      await tx
        .update(executionTasks)
        .set({ status: 'RUNNING', attempt: 1 })
        .where(eq(executionTasks.executionId, created.id));
      return created;
    });
    const done = await waitForStatus(db, s.id, ['COMPLETED', 'FAILED'], 10_000);
    expect(done.status, JSON.stringify(await taskRows(db, s.id))).toBe('FAILED');
    const tasks = await taskRows(db, s.id);
    const safe = tasks.find((t) => t.task === 'Safe');
    const unsafe = tasks.find((t) => t.task === 'Unsafe');
    expect(safe).toMatchObject({ status: 'COMPLETED', attempt: 2 });
    expect(unsafe).toMatchObject({ status: 'FAILED', message: WORKER_LOST_MESSAGE });
  });
});
