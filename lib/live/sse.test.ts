import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDbHandleForProcess, type Db } from '../db/client';
import { registerRunnerExtensions } from '../runner/extensions';
import { executionTopic } from '../runner/events';
import { liveEventIds, seedPipeline, waitFor, waitForStatus } from '../runner/testing';
import { Runner } from '../runner/worker';
import { decideApproval, runPipeline } from '../services/executions';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import { createLiveHub, type LiveHub } from './hub';
import { liveStreamResponse } from './sse';
import { readSse } from './testing';

describe.each(DATABASE_KINDS)('execution event stream on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let runner: Runner;
  let hub: LiveHub;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    setDbHandleForProcess(tdb);
    registerRunnerExtensions();
    runner = new Runner({ handle: tdb, leaseMs: 3000, pollMs: 200 });
    await runner.start();
    hub = createLiveHub(tdb);
  });
  afterAll(async () => {
    await runner.stop();
    await hub.stop();
    await tdb.destroy();
  });

  it('resumes after a dropped connection with Last-Event-ID: nothing lost, nothing repeated', async () => {
    const owner = await makeUser(db);
    const project = await makeProject(owner.ctx);
    const p = await seedPipeline(db, project.id, {
      name: 'sse',
      stageOrder: ['Gate', 'Then'],
      stages: {
        Gate: { taskOrder: ['Ask'], tasks: { Ask: { type: 'USER_OPERATION', input: {} } } },
        Then: {
          taskOrder: ['A, B', 'C'],
          tasks: {
            A: { type: 'CONDITION', input: { condition: 'true' } },
            B: { type: 'CONDITION', input: { condition: 'true' } },
            C: { type: 'CONDITION', input: { condition: 'true' } },
          },
        },
      },
    });
    const s = await runPipeline(owner.ctx, p.id, {});
    const topic = executionTopic(s.id);
    const first = new AbortController();
    const part1 = await readSse(
      liveStreamResponse({ db, topic, replayAll: true, signal: first.signal, hub }),
      (e) => e.type === 'execution.status' && e.data.status === 'WAITING',
    );
    first.abort();
    await decideApproval(owner.ctx, s.id, {
      stage: 'Gate',
      task: 'Ask',
      decision: 'APPROVE',
      comment: '',
    });
    // Events keep coming while nobody listens; reconnect midway through the rest of the run.
    await waitFor(
      async () => (await liveEventIds(db, topic)).length > part1.length + 2,
      'more events',
    );
    const second = new AbortController();
    const part2 = await readSse(
      liveStreamResponse({
        db,
        topic,
        lastEventId: part1[part1.length - 1]!.id,
        signal: second.signal,
        hub,
      }),
      (e) => e.type === 'execution.status' && e.data.status === 'COMPLETED',
    );
    second.abort();
    await waitForStatus(db, s.id, ['COMPLETED']);
    const all = await liveEventIds(db, topic);
    const seen = [...part1, ...part2].map((e) => e.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all);
    expect(part2.length).toBeGreaterThan(3);
  });
});
