import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../api/errors';
import type { Db } from '../../db/client';
import { dockerWebhooks, endpoints, executions, pipelines } from '../../db/schema';
import { parsePipelineYaml, pipelineToYaml } from '../../pipeline/document-yaml';
import { ALL_TASK_TYPES_EXAMPLE, API_MD_EXAMPLE } from '../../pipeline/examples';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases';
import { makeProject, makeUser } from '../../test/fixtures';
import { addMember, deleteProject } from '../projects';
import {
  createVariable,
  getVariable,
  listVariables,
  loadVariablesForExecution,
  updateVariable,
} from '../variables';
import {
  createPipeline,
  deletePipeline,
  duplicatePipeline,
  getPipeline,
  getPipelineForRun,
  getPipelineRow,
  listPipelines,
  toExport,
  updatePipeline,
} from '.';

async function expectCode(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
  return err as AppError;
}

const yamlSource = (text: string, project: string) => {
  const r = parsePipelineYaml(text);
  if (!r.ok) throw new Error(r.issue.message);
  return { raw: { ...(r.value as object), project }, yamlText: text };
};

describe.each(DATABASE_KINDS)('pipelines and variables on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
  });
  afterAll(async () => tdb.destroy());

  it('imports the api.md example and exports it identically (and again after re-import)', async () => {
    const u = await makeUser(db);
    const p = await makeProject(u.ctx);
    for (const example of [API_MD_EXAMPLE, ALL_TASK_TYPES_EXAMPLE]) {
      if (example === ALL_TASK_TYPES_EXAMPLE) {
        await createVariable(u.ctx, {
          project: p.name,
          name: 'API_TOKEN',
          type: 'SECRET',
          value: 't',
          description: '',
        });
      }
      const created = await createPipeline(u.ctx, yamlSource(example, p.name));
      const first = await getPipelineRow(u.ctx, created.id);
      const exported = pipelineToYaml(toExport(first.row, first.projectName));
      await deletePipeline(u.ctx, created.id);
      const again = await createPipeline(u.ctx, yamlSource(exported, p.name));
      const second = await getPipelineRow(u.ctx, again.id);
      expect(pipelineToYaml(toExport(second.row, second.projectName))).toBe(exported);
    }
  });

  it('refuses bad documents with 422 and saves nothing', async () => {
    const u = await makeUser(db);
    const p = await makeProject(u.ctx);
    const err = await expectCode(
      createPipeline(u.ctx, {
        raw: { project: p.name, name: 'bad', output: { X: '${input.NOPE}' } },
      }),
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(err.details)).toContain('output.X');
    await expectCode(
      createPipeline(u.ctx, { raw: { name: 'no-project' } }),
      'VALIDATION_FAILED',
      /project/,
    );
    await expectCode(
      createPipeline(u.ctx, {
        raw: { project: p.name, name: 'v', output: { X: '${var.MISSING}' } },
      }),
      'VALIDATION_FAILED',
      /no variable "MISSING"/,
    );
    expect((await listPipelines(u.ctx, { project: p.name, limit: 10 })).items).toEqual([]);
  });

  it('lists with last execution, patches, duplicates and protects names', async () => {
    const u = await makeUser(db);
    const p = await makeProject(u.ctx);
    const a = await createPipeline(u.ctx, { raw: { project: p.name, name: 'a' } });
    await expectCode(createPipeline(u.ctx, { raw: { project: p.id, name: 'a' } }), 'CONFLICT');
    await db.insert(executions).values({
      projectId: p.id,
      pipelineId: a.id,
      pipelineName: 'a',
      index: 1,
      status: 'COMPLETED',
      inputs: {},
      trigger: { type: 'USER' },
      pipeline: {},
      stages: [],
    });
    const disabled = await updatePipeline(u.ctx, a.id, { raw: { enabled: false } });
    expect(disabled.enabled).toBe(false);
    expect(disabled.lastExecution?.status).toBe('COMPLETED');
    const copy = await duplicatePipeline(u.ctx, a.id);
    expect(copy.name).toBe('a copy');
    expect((await duplicatePipeline(u.ctx, a.id)).name).toBe('a copy 2');
    const page1 = await listPipelines(u.ctx, { project: p.name, limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await listPipelines(u.ctx, {
      project: p.name,
      limit: 2,
      cursor: page1.nextCursor!,
    });
    expect(page2.items.map((i) => i.name)).toEqual(['a']);
    expect(page2.items[0]!.lastExecution?.index).toBe(1);
    expect(
      (await listPipelines(u.ctx, { project: p.name, limit: 10, enabled: 'true' })).items,
    ).toHaveLength(0);
    await expectCode(updatePipeline(u.ctx, copy.id, { raw: { name: 'a' } }), 'CONFLICT');
  });

  it('hides pipelines from non-members and needs DEVELOPER to write', async () => {
    const owner = await makeUser(db);
    const other = await makeUser(db);
    const viewer = await makeUser(db);
    const p = await makeProject(owner.ctx);
    await addMember(owner.ctx, p.id, { email: viewer.actor.email, role: 'VIEWER' });
    const a = await createPipeline(owner.ctx, { raw: { project: p.name, name: 'x' } });
    await expectCode(getPipeline(other.ctx, a.id), 'NOT_FOUND');
    expect((await listPipelines(other.ctx, { limit: 50 })).items.map((i) => i.id)).not.toContain(
      a.id,
    );
    expect((await getPipeline(viewer.ctx, a.id)).name).toBe('x');
    await expectCode(updatePipeline(viewer.ctx, a.id, { raw: { enabled: false } }), 'FORBIDDEN');
    await expectCode(deletePipeline(viewer.ctx, a.id), 'FORBIDDEN');
  });

  it('refuses to delete a pipeline a Docker webhook uses, naming the webhook', async () => {
    const u = await makeUser(db);
    const p = await makeProject(u.ctx);
    const a = await createPipeline(u.ctx, { raw: { project: p.name, name: 'used' } });
    const [ep] = await db
      .insert(endpoints)
      .values({ projectId: p.id, name: 'hub', type: 'DOCKER_REGISTRY', properties: {} })
      .returning();
    await db.insert(dockerWebhooks).values({
      projectId: p.id,
      name: 'on-push',
      endpointId: ep!.id,
      pipelineId: a.id,
      repoNamespace: 'shop',
      repoName: 'web',
      secureTokenEnc: 'x',
      secureTokenHash: `h-${a.id}`,
    });
    await expectCode(deletePipeline(u.ctx, a.id), 'CONFLICT', /"on-push"/);
    expect((await getPipelineForRun(db, a.id))?.name).toBe('used');
    // The database holds the same rule (a webhook saved between the check and the delete).
    await expect(db.delete(pipelines).where(eq(pipelines.id, a.id))).rejects.toThrow();
    expect((await getPipelineForRun(db, a.id))?.name).toBe('used');
    // Deleting the project removes the pipeline and its webhook together.
    await deleteProject(u.ctx, p.id);
    expect(await getPipelineForRun(db, a.id)).toBeFalsy();
    expect(
      await db.select().from(dockerWebhooks).where(eq(dockerWebhooks.pipelineId, a.id)),
    ).toEqual([]);
  });

  it('keeps secrets write-only and honours RESTRICTED', async () => {
    const admin = await makeUser(db);
    const dev = await makeUser(db);
    const p = await makeProject(admin.ctx);
    await addMember(admin.ctx, p.id, { email: dev.actor.email, role: 'DEVELOPER' });
    const allowed = await createPipeline(admin.ctx, { raw: { project: p.name, name: 'allowed' } });
    const other = await createPipeline(admin.ctx, { raw: { project: p.name, name: 'other' } });
    const reg = await createVariable(dev.ctx, {
      project: p.name,
      name: 'REGION',
      type: 'REGULAR',
      value: 'eu',
      description: '',
    });
    const sec = await createVariable(dev.ctx, {
      project: p.name,
      name: 'TOKEN',
      type: 'SECRET',
      value: 'tok-123',
      description: '',
    });
    expect(reg.value).toBe('eu');
    expect(sec.value).toBe('*****');
    expect(JSON.stringify(await getVariable(dev.ctx, sec.id))).not.toContain('tok-123');
    await expectCode(
      createVariable(dev.ctx, {
        project: p.name,
        name: 'R',
        type: 'RESTRICTED',
        value: 'r',
        description: '',
        allowedPipelines: ['allowed'],
      }),
      'FORBIDDEN',
    );
    const restricted = await createVariable(admin.ctx, {
      project: p.name,
      name: 'DEPLOY_KEY',
      type: 'RESTRICTED',
      value: 'key-xyz',
      description: '',
      allowedPipelines: ['allowed'],
    });
    expect(restricted.allowedPipelines.map((a) => a.name)).toEqual(['allowed']);
    await expectCode(updateVariable(dev.ctx, restricted.id, { type: 'SECRET' }), 'FORBIDDEN');
    await expectCode(updateVariable(dev.ctx, sec.id, { type: 'REGULAR' }), 'VALIDATION_FAILED');
    await expectCode(
      createVariable(dev.ctx, {
        project: p.name,
        name: 'TOKEN',
        type: 'SECRET',
        value: 'x',
        description: '',
      }),
      'VALIDATION_FAILED',
      /already exists/,
    );

    const forAllowed = await loadVariablesForExecution(db, p.id, allowed.id);
    expect(forAllowed.vars).toEqual({ REGION: 'eu', TOKEN: 'tok-123', DEPLOY_KEY: 'key-xyz' });
    expect([...forAllowed.secretValues].sort()).toEqual(['key-xyz', 'tok-123']);
    const forOther = await loadVariablesForExecution(db, p.id, other.id);
    expect(forOther.vars.DEPLOY_KEY).toBeUndefined();
    expect(forOther.restrictedNames).toEqual(['DEPLOY_KEY']);
    const list = await listVariables(dev.ctx, { project: p.name, limit: 2 });
    expect(list.items.map((v) => v.name)).toEqual(['DEPLOY_KEY', 'REGION']);
    expect(list.nextCursor).not.toBeNull();
  });
});
