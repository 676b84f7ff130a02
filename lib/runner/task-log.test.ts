import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDbHandleForProcess, type Db } from '../db/client';
import { executionLogs, liveEvents } from '../db/schema';
import { cancelExecution, getTaskLog, runPipeline } from '../services/executions';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import { executionTopic } from './events';
import { registerRunnerExtensions } from './extensions';
import { TASK_LOG_EVENTS_PER_SECOND } from './log-throttle';
import { registerTaskHandler } from './registry';
import { seedPipeline, waitFor, waitForStatus, waitForTask } from './testing';
import { Runner } from './worker';

/** Log lines of a running task reach the execution's live topic (throttled) while it runs. */
describe.each(DATABASE_KINDS)('task.log live events on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let runner: Runner;
  let burstStart = 0;
  const LINES = 20;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    setDbHandleForProcess(tdb);
    registerRunnerExtensions();
    // This file's stand-in for a chatty task (vitest isolates the registry per test file).
    registerTaskHandler({
      type: 'K8S',
      idempotent: true,
      async run(ctx) {
        burstStart = Date.now();
        for (let i = 1; i <= LINES; i++) await ctx.log(`line ${i}`);
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        throw new Error('Canceled');
      },
    });
    runner = new Runner({ handle: tdb, leaseMs: 3000, pollMs: 200 });
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await tdb.destroy();
  });

  const logEvents = (id: string) =>
    db
      .select()
      .from(liveEvents)
      .where(and(eq(liveEvents.topic, executionTopic(id)), eq(liveEvents.type, 'task.log')))
      .orderBy(asc(liveEvents.id));

  it('announces a burst of log lines with a few task.log events, the last one after the burst', async () => {
    const owner = await makeUser(db);
    const project = await makeProject(owner.ctx);
    const p = await seedPipeline(db, project.id, {
      name: 'log-' + kind,
      stageOrder: ['S'],
      stages: { S: { taskOrder: ['Talk'], tasks: { Talk: { type: 'K8S', input: {} } } } },
    });
    const s = await runPipeline(owner.ctx, p.id, {});
    await waitForTask(db, s.id, 'Talk', ['RUNNING']);
    // While the task still runs, the lines are readable and were announced.
    const log = await waitFor(async () => {
      const l = await getTaskLog(owner.ctx, s.id, 'S', 'Talk');
      return l.content.includes(`line ${LINES}\n`) && l;
    }, 'the whole burst in the log');
    expect(log.content.split('\n').length - 1).toBe(LINES);
    const [{ updatedAt: lastAppend } = { updatedAt: new Date(0) }] = await db
      .select({ updatedAt: executionLogs.updatedAt })
      .from(executionLogs)
      .where(eq(executionLogs.executionId, s.id));
    // The trailing event (for lines the throttle held back) comes after the last append.
    const events = await waitFor(async () => {
      const evs = await logEvents(s.id);
      const last = evs[evs.length - 1];
      return last && last.createdAt >= lastAppend && evs;
    }, 'a task.log event after the last line');
    expect(events[0]?.data).toMatchObject({ executionId: s.id, stage: 'S', task: 'Talk' });
    const seconds = (events[events.length - 1]!.createdAt.getTime() - burstStart) / 1000;
    expect(events.length).toBeLessThan(LINES);
    expect(events.length).toBeLessThanOrEqual(Math.ceil(seconds * TASK_LOG_EVENTS_PER_SECOND) + 2);
    await cancelExecution(owner.ctx, s.id);
    await waitForStatus(db, s.id, ['CANCELED']);
  });
});
