import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookUrlsOf, startFakeDockerHub, type FakeDockerHub } from '../../../e2e/fakes/docker-hub';
import { AppError } from '../../api/errors';
import type { Db } from '../../db/client';
import { dockerWebhooks } from '../../db/schema';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases';
import { makeProject, makeUser } from '../../test/fixtures';
import type { Ctx } from '../context';
import { addMember } from '../projects';
import {
  createDockerWebhook,
  deleteDockerWebhook,
  getDockerWebhook,
  listDockerWebhooks,
  retryDockerWebhookSync,
  updateDockerWebhook,
} from '.';
import { makeDockerPipeline, makeHubEndpoint, makeToken } from './test-helpers';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );
}

describe.each(DATABASE_KINDS)('Docker webhooks on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let hub: FakeDockerHub;
  let owner: { ctx: Ctx; password: string };
  let projectId: string;
  let projectName: string;
  let refreshToken: string;
  let endpointName: string;
  let pipelineName: string;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    hub = await startFakeDockerHub({ users: { alice: 'pw-alice' } });
    owner = await makeUser(db);
    const p = await makeProject(owner.ctx);
    projectId = p.id;
    projectName = p.name;
    endpointName = (await makeHubEndpoint(db, projectId, hub.url)).name;
    pipelineName = (await makeDockerPipeline(db, projectId)).name;
    refreshToken = (await makeToken(db, owner.ctx.actor.email, owner.password)).refreshToken;
  });
  afterAll(async () => {
    await hub.stop();
    await tdb.destroy();
  });

  const input = (over: Record<string, unknown> = {}) => ({
    project: projectName,
    name: `wh-${Math.random().toString(36).slice(2, 8)}`,
    description: '',
    endpoint: endpointName,
    pipeline: pipelineName,
    repository: 'alice/web',
    tagPattern: 'v*',
    inputs: { REPLICAS: '3' },
    refreshToken,
    enabled: true,
    ...over,
  });

  it('creates the webhook and its Docker Hub webhook with the hook URL', async () => {
    const w = await createDockerWebhook(owner.ctx, input());
    expect(w.sync.state).toBe('SYNCED');
    expect(w.hookUrl).toMatch(/\/pipelines\/api\/docker-hub-webhooks\?secureToken=swh_/);
    expect(hookUrlsOf(hub.state, 'alice/web')).toContain(w.hookUrl);
    expect(w.apiToken?.user.email).toBe(owner.ctx.actor.email);
    const [row] = await db.select().from(dockerWebhooks).where(eq(dockerWebhooks.id, w.id));
    // Stored encrypted and hashed, never as the token itself.
    const token = new URL(w.hookUrl).searchParams.get('secureToken')!;
    expect(row!.secureTokenEnc).not.toContain(token);
    expect(row!.secureTokenHash).not.toContain(token);
    expect(JSON.stringify(w)).not.toContain(refreshToken);
  });

  it('updates the Hub on rename, repository move and token rotation; deletes it there', async () => {
    const w = await createDockerWebhook(owner.ctx, input());
    const rotated = await updateDockerWebhook(owner.ctx, w.id, { rotateSecureToken: true });
    expect(rotated.hookUrl).not.toBe(w.hookUrl);
    expect(hookUrlsOf(hub.state, 'alice/web')).toContain(rotated.hookUrl);
    expect(hookUrlsOf(hub.state, 'alice/web')).not.toContain(w.hookUrl);
    const moved = await updateDockerWebhook(owner.ctx, w.id, {
      repository: 'alice/api',
      name: `${w.name}-2`,
    });
    expect(moved.sync.state).toBe('SYNCED');
    expect(hookUrlsOf(hub.state, 'alice/web')).not.toContain(rotated.hookUrl);
    expect([...hub.state.pipelines.get('alice/api')!.values()].map((p) => p.name)).toContain(
      `${w.name}-2`,
    );
    await deleteDockerWebhook(owner.ctx, w.id);
    expect(hookUrlsOf(hub.state, 'alice/api')).not.toContain(rotated.hookUrl);
    expect(await codeOf(getDockerWebhook(owner.ctx, w.id))).toBe('NOT_FOUND');
  });

  it('shows the Hub refusal as "not synced" and Retry sync fixes it', async () => {
    hub.setMode('refuse');
    const w = await createDockerWebhook(owner.ctx, input());
    expect(w.sync.state).toBe('NOT_SYNCED');
    expect(w.sync.message).toMatch(/refused.*403.*disabled for this account/);
    hub.setMode('down');
    const again = await retryDockerWebhookSync(owner.ctx, w.id);
    expect(again.sync.message).toMatch(/could not be reached|closed unexpectedly|Sign-in/);
    hub.setMode('ok');
    const fixed = await retryDockerWebhookSync(owner.ctx, w.id);
    expect(fixed.sync.state).toBe('SYNCED');
    expect(hookUrlsOf(hub.state, 'alice/web')).toContain(w.hookUrl);
    // Delete while the Hub refuses: kept, unless forced.
    hub.setMode('refuse');
    expect(await codeOf(deleteDockerWebhook(owner.ctx, w.id))).toBe('BAD_GATEWAY');
    expect((await getDockerWebhook(owner.ctx, w.id)).id).toBe(w.id);
    await deleteDockerWebhook(owner.ctx, w.id, { force: true });
    hub.setMode('ok');
  });

  it('shows an unknown repository and wrong credentials with the Hub reason', async () => {
    const w = await createDockerWebhook(owner.ctx, input({ repository: 'nobody/web' }));
    expect(w.sync.message).toMatch(/404.*Object not found/);
    const bad = await makeHubEndpoint(db, projectId, hub.url, 'alice', 'wrong');
    const w2 = await createDockerWebhook(owner.ctx, input({ endpoint: bad.name }));
    expect(w2.sync.state).toBe('NOT_SYNCED');
    expect(w2.sync.message).toMatch(/refused the username/);
  });

  it('refuses bad references with field errors', async () => {
    const plain = await makeDockerPipeline(db, projectId, { docker: false });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ pipeline: plain.name }, 'pipeline'],
      [{ pipeline: 'nope' }, 'pipeline'],
      [{ endpoint: 'nope' }, 'endpoint'],
      [{ refreshToken: 'swr_nope' }, 'refreshToken'],
      [{ inputs: { NOPE: '1' } }, 'inputs.NOPE'],
      [{ inputs: { DOCKER_TAG: 'x' } }, 'inputs.DOCKER_TAG'],
    ];
    for (const [over, path] of cases) {
      const e = await createDockerWebhook(owner.ctx, input(over)).then(
        () => undefined,
        (x: unknown) => x as AppError,
      );
      expect(e?.code, path).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(e?.details)).toContain(path);
    }
  });

  it('refuses a token whose user may not run pipelines in the project', async () => {
    const viewer = await makeUser(db);
    await addMember(owner.ctx, projectId, { email: viewer.ctx.actor.email, role: 'VIEWER' });
    const t = await makeToken(db, viewer.ctx.actor.email, viewer.password);
    const e = await createDockerWebhook(owner.ctx, input({ refreshToken: t.refreshToken })).then(
      () => undefined,
      (x: unknown) => x as AppError,
    );
    expect(e?.message).toMatch(/may not run pipelines/);
  });

  it('hides webhooks from non-members and lets viewers read only', async () => {
    const w = await createDockerWebhook(owner.ctx, input());
    const stranger = await makeUser(db);
    expect(await codeOf(getDockerWebhook(stranger.ctx, w.id))).toBe('NOT_FOUND');
    expect((await listDockerWebhooks(stranger.ctx, { limit: 50 })).items).toHaveLength(0);
    const viewer = await makeUser(db);
    await addMember(owner.ctx, projectId, { email: viewer.ctx.actor.email, role: 'VIEWER' });
    expect((await getDockerWebhook(viewer.ctx, w.id)).hookUrl).toBe(w.hookUrl);
    expect(await codeOf(updateDockerWebhook(viewer.ctx, w.id, { enabled: false }))).toBe(
      'FORBIDDEN',
    );
  });
});
