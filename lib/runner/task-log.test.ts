import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDbHandleForProcess, type Db } from '../db/client';
import { liveEvents } from '../db/schema';
import { cancelExecution, getTaskLog, runPipeline } from '../services/executions';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import { executionTopic } from './events';
import { registerRunnerExtensions } from './extensions';
import { TASK_LOG_EVENTS_PER_SECOND } from './log-throttle';
import { seedPipeline, startTestServer, waitFor, waitForStatus, waitForTask } from './testing';
import { Runner } from './worker';

/** Log lines of a running task reach the execution's live topic (throttled) while it runs. */
describe.each(DATABASE_KINDS)('task.log live events on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let runner: Runner;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    setDbHandleForProcess(tdb);
    registerRunnerExtensions();
    runner = new Runner({ handle: tdb, leaseMs: 3000, pollMs: 200 });
    await runner.start();
    server = await startTestServer(() => ({ status: 503, body: { ready: false } }));
  });
  afterAll(async () => {
    await runner.stop();
    await server.close();
    await tdb.destroy();
  });

  const logEvents = (id: string) =>
    db
      .select()
      .from(liveEvents)
      .where(and(eq(liveEvents.topic, executionTopic(id)), eq(liveEvents.type, 'task.log')))
      .orderBy(asc(liveEvents.id));

  it('publishes task.log while a POLL task logs, at most a few per second', async () => {
    const owner = await makeUser(db);
    const project = await makeProject(owner.ctx);
    const p = await seedPipeline(db, project.id, {
      name: 'log-' + kind,
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['Wait'],
          tasks: {
            Wait: {
              type: 'POLL',
              input: {
                url: `${server.url}/down`,
                intervalSeconds: 0.03,
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
    const t0 = Date.now();
    // While the task is still running, events arrive and the log they announce is readable.
    const first = await waitFor(async () => (await logEvents(s.id))[0], 'a task.log event');
    expect(first.data).toMatchObject({ executionId: s.id, stage: 'S', task: 'Wait' });
    const log = await getTaskLog(owner.ctx, s.id, 'S', 'Wait');
    expect(log.content).toMatch(/^poll 1: 503/);
    await waitFor(async () => (await logEvents(s.id)).length >= 3, 'more task.log events');
    const lines = (await getTaskLog(owner.ctx, s.id, 'S', 'Wait')).content.split('\n').length - 1;
    const events = (await logEvents(s.id)).length;
    const seconds = (Date.now() - t0) / 1000;
    // Throttled: fewer events than lines, and no more than the rate allows (+ the first one).
    expect(lines).toBeGreaterThan(events);
    expect(events).toBeLessThanOrEqual(Math.ceil(seconds * TASK_LOG_EVENTS_PER_SECOND) + 2);
    await cancelExecution(owner.ctx, s.id);
    await waitForStatus(db, s.id, ['CANCELED']);
  });
});
