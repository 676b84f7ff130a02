import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { executionLogs, executionTasks } from '../db/schema';
import { createExecution } from '../services/executions';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import { maskSecrets } from './mask';
import { appendLog } from './store';
import { seedPipeline } from './testing';
import { eq } from 'drizzle-orm';

describe('maskSecrets', () => {
  it('masks secret values deeply, in keys and inside longer text', () => {
    const out = maskSecrets(
      { h: { authorization: 'Bearer tok-123' }, list: ['x tok-123 y'], ['tok-123']: 1, n: 5 },
      ['tok-123', 'a'],
    );
    expect(out).toEqual({
      h: { authorization: 'Bearer *****' },
      list: ['x ***** y'],
      '*****': 1,
      n: 5,
    });
  });
});

describe.each(DATABASE_KINDS)('task logs on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
  });
  afterAll(async () => tdb.destroy());

  it('caps a task log and notes the truncation once', async () => {
    const owner = await makeUser(db);
    const project = await makeProject(owner.ctx);
    const p = await seedPipeline(db, project.id, {
      name: 'logs',
      stageOrder: ['S'],
      stages: {
        S: { taskOrder: ['T'], tasks: { T: { type: 'CONDITION', input: { condition: 'true' } } } },
      },
    });
    const s = await db.transaction((tx) =>
      createExecution(tx, { pipeline: p, inputs: {}, trigger: { type: 'USER' }, startedBy: null }),
    );
    const [task] = await db
      .select()
      .from(executionTasks)
      .where(eq(executionTasks.executionId, s.id));
    const ref = { taskId: task!.id, executionId: s.id };
    for (let i = 0; i < 30; i++) await appendLog(db, ref, `line ${i} ${'x'.repeat(40)}`, 500);
    const [log] = await db.select().from(executionLogs).where(eq(executionLogs.taskId, task!.id));
    expect(log!.truncated).toBe(true);
    expect(log!.content.length).toBeLessThan(600);
    expect(log!.content).toContain('line 0 ');
    expect(log!.content.match(/log truncated/g)?.length).toBe(1);
  });
});
