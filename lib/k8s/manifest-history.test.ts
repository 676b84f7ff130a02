import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { k8sManifests } from '../db/schema';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import { dbManifestHistory } from './manifest-history';
import type { K8sObject } from './manifests';

const secretManifest: K8sObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop' },
  stringData: { password: 'do-not-store-in-clear' },
};

describe.each(DATABASE_KINDS)('K8S manifest history on %s', (kind) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
  });
  afterAll(async () => tdb.destroy());

  it('keeps manifests encrypted and returns the newest from another execution', async () => {
    const owner = await makeUser(tdb.db);
    const project = await makeProject(owner.ctx);
    const history = dbManifestHistory(async () => tdb.db);
    const pipelineId = randomUUID();
    const base = {
      projectId: project.id,
      pipelineId,
      stage: 'Deploy',
      task: 'Apply web',
      endpoint: 'dev',
    };
    const e1 = randomUUID();
    const e2 = randomUUID();
    await history.save({
      ...base,
      executionId: e1,
      executionIndex: 1,
      manifests: [secretManifest],
    });
    await history.save({
      ...base,
      executionId: e2,
      executionIndex: 2,
      manifests: [{ ...secretManifest, metadata: { name: 'db2', namespace: 'shop' } }],
    });

    const rows = await tdb.db.select().from(k8sManifests);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.manifests).join()).not.toContain('do-not-store-in-clear');

    const fromE2 = await history.latest({
      pipelineId,
      stage: 'Deploy',
      task: 'Apply web',
      excludeExecutionId: e2,
    });
    expect(fromE2?.executionIndex).toBe(1);
    expect(fromE2?.manifests[0]).toEqual(secretManifest);
    const newest = await history.latest({
      pipelineId,
      stage: 'Deploy',
      task: 'Apply web',
      excludeExecutionId: randomUUID(),
    });
    expect(newest?.executionIndex).toBe(2);
    expect(
      await history.latest({ pipelineId, stage: 'Deploy', task: 'Other', excludeExecutionId: e2 }),
    ).toBeUndefined();
  });

  it('finds the newest record of each task of a stage on an endpoint', async () => {
    const owner = await makeUser(tdb.db);
    const project = await makeProject(owner.ctx);
    const history = dbManifestHistory(async () => tdb.db);
    const pipelineId = randomUUID();
    const save = (
      task: string,
      endpoint: string,
      executionIndex: number,
      executionId = randomUUID(),
    ) =>
      history.save({
        projectId: project.id,
        pipelineId,
        stage: 'Deploy',
        task,
        endpoint,
        executionId,
        executionIndex,
        manifests: [],
      });
    await save('web', 'dev', 1);
    await save('web', 'dev', 2);
    await save('api', 'dev', 2);
    await save('other', 'prod', 2);
    const current = randomUUID();
    await save('web', 'dev', 3, current);
    const found = await history.latestInStage({
      pipelineId,
      stage: 'Deploy',
      endpoint: 'dev',
      excludeExecutionId: current,
    });
    expect(found.map((r) => `${r.task}#${r.executionIndex}`).sort()).toEqual(['api#2', 'web#2']);
  });

  it('prunes to the newest ten per task', async () => {
    const owner = await makeUser(tdb.db);
    const project = await makeProject(owner.ctx);
    const history = dbManifestHistory(async () => tdb.db);
    const pipelineId = randomUUID();
    for (let i = 1; i <= 12; i += 1) {
      await history.save({
        projectId: project.id,
        pipelineId,
        stage: 'S',
        task: 'T',
        endpoint: 'dev',
        executionId: randomUUID(),
        executionIndex: i,
        manifests: [],
      });
    }
    const rows = await tdb.db
      .select({ i: k8sManifests.executionIndex })
      .from(k8sManifests)
      .where(eq(k8sManifests.pipelineId, pipelineId));
    expect(rows.map((r) => r.i).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});
