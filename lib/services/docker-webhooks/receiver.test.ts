import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver, type CallbackReceiver } from '../../../e2e/fakes/callback-receiver';
import { startFakeDockerHub, type FakeDockerHub } from '../../../e2e/fakes/docker-hub';
import { AppError } from '../../api/errors';
import type { Db } from '../../db/client';
import { apiTokens, executions, liveEvents, registryEvents } from '../../db/schema';
import { resetEnvForTests } from '../../env';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases';
import { makeProject, makeUser } from '../../test/fixtures';
import type { Ctx } from '../context';
import {
  listRegistryEvents,
  receiveDockerHubDelivery,
  resubmitRegistryEvent,
  sendDockerHubCallback,
} from '../registry-events';
import { runPipeline } from '../executions';
import { revokeApiToken } from '../tokens';
import { createDockerWebhook, updateDockerWebhook } from '.';
import { fixtureText, makeDockerPipeline, makeHubEndpoint, makeToken } from './test-helpers';

const PUSH = fixtureText('dockerhub-push.json');
const withPush = (over: { tag?: string; pushed_at?: number; name?: string }) => {
  const p = JSON.parse(PUSH) as {
    push_data: Record<string, unknown>;
    repository: Record<string, unknown>;
  };
  if (over.tag !== undefined) p.push_data.tag = over.tag;
  if (over.pushed_at !== undefined) p.push_data.pushed_at = over.pushed_at;
  if (over.name !== undefined) p.repository.name = over.name;
  return JSON.stringify(p);
};

describe.each(DATABASE_KINDS)('Docker Hub receiver on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let hub: FakeDockerHub;
  let owner: { ctx: Ctx; password: string };
  let project: { id: string; name: string };
  let endpointName: string;
  let pipelineName: string;
  let refreshToken: string;
  let tokenId: string;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    hub = await startFakeDockerHub({ users: { svendowideit: 'pw' } });
    owner = await makeUser(db);
    project = await makeProject(owner.ctx);
    endpointName = (await makeHubEndpoint(db, project.id, hub.url, 'svendowideit', 'pw')).name;
    pipelineName = (await makeDockerPipeline(db, project.id)).name;
    const t = await makeToken(db, owner.ctx.actor.email, owner.password);
    refreshToken = t.refreshToken;
    tokenId = t.id;
  });
  afterAll(async () => {
    await hub.stop();
    await tdb.destroy();
  });

  async function webhook(over: Record<string, unknown> = {}) {
    const w = await createDockerWebhook(owner.ctx, {
      project: project.name,
      name: `wh-${Math.random().toString(36).slice(2, 8)}`,
      description: '',
      endpoint: endpointName,
      pipeline: pipelineName,
      repository: 'svendowideit/testhook',
      tagPattern: '*',
      inputs: { REPLICAS: '4' },
      refreshToken,
      enabled: true,
      ...over,
    });
    return { ...w, secureToken: new URL(w.hookUrl).searchParams.get('secureToken')! };
  }

  const deliver = (secureToken: string | null, body: string) =>
    receiveDockerHubDelivery(db, { secureToken, readBody: () => Promise.resolve(body) });

  const eventsOf = (webhookId: string) =>
    db.select().from(registryEvents).where(eq(registryEvents.webhookId, webhookId));

  it('401 for an unknown or missing token, and nothing stored', async () => {
    const before = (await db.select().from(registryEvents)).length;
    expect((await deliver('swh_nope', PUSH)).status).toBe(401);
    expect((await deliver(null, PUSH)).status).toBe(401);
    expect((await db.select().from(registryEvents)).length).toBe(before);
  });

  it('TRIGGERED: every Docker Hub fixture creates an execution with the Docker inputs', async () => {
    for (const [file, tag] of [
      ['dockerhub-push.json', 'latest'],
      ['dockerhub-push-legacy-images.json', 'latest'],
      ['dockerhub-push-captured-2015-no-tag.json', 'latest'],
    ] as const) {
      const body = fixtureText(file);
      const repo = (JSON.parse(body) as { repository: { repo_name: string } }).repository.repo_name;
      const w = await webhook({ repository: repo });
      const a = await deliver(w.secureToken, body);
      expect(a.status, file).toBe(202);
      expect(a.body.result, file).toBe('TRIGGERED');
      const [ex] = await db
        .select()
        .from(executions)
        .where(eq(executions.id, a.body.executionId as string));
      expect(ex!.inputs).toMatchObject({
        DOCKER_IMAGE: `${repo}:${tag}`,
        DOCKER_TAG: tag,
        REPLICAS: '4',
      });
      expect(ex!.startedBy).toBe(owner.ctx.actor.userId);
      expect(ex!.trigger).toMatchObject({
        type: 'WEBHOOK',
        webhookId: w.id,
        registryEventId: a.body.eventId,
      });
    }
  });

  it("marks the API token used when its webhook starts an execution (the tokens page's Last used)", async () => {
    const t = await makeToken(db, owner.ctx.actor.email, owner.password);
    const w = await webhook({ refreshToken: t.refreshToken });
    const lastUsed = async () =>
      (await db.select().from(apiTokens).where(eq(apiTokens.id, t.id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await deliver(w.secureToken, PUSH)).body.result).toBe('TRIGGERED');
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    // Within the minute a second delivery leaves the row alone.
    await deliver(w.secureToken, withPush({ tag: 'again' }));
    expect(await lastUsed()).toEqual(first);
  });

  it('DUPLICATE: a redelivery (float or integer pushed_at) starts nothing, also when racing', async () => {
    const w = await webhook();
    const first = await deliver(w.secureToken, PUSH);
    expect(first.body.result).toBe('TRIGGERED');
    const legacy = await deliver(w.secureToken, fixtureText('dockerhub-push-legacy-images.json'));
    expect(legacy.body).toMatchObject({ result: 'DUPLICATE', executionId: null });
    const race = await Promise.all(
      Array.from({ length: 6 }, () => deliver(w.secureToken, withPush({ pushed_at: 1700000000 }))),
    );
    expect(race.map((r) => r.body.result).sort()).toEqual([
      'DUPLICATE',
      'DUPLICATE',
      'DUPLICATE',
      'DUPLICATE',
      'DUPLICATE',
      'TRIGGERED',
    ]);
    const rows = await eventsOf(w.id);
    expect(rows.filter((r) => r.executionId).length).toBe(2);
  });

  it('numbers: concurrent deliveries get consecutive execution numbers; refusals and redeliveries take none', async () => {
    const p = await makeDockerPipeline(db, project.id);
    const w = await webhook({ pipeline: p.name });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        deliver(w.secureToken, withPush({ tag: `n${i}`, pushed_at: 1650000000 + i })),
      ),
    );
    expect(answers.map((a) => a.body.result)).toEqual(Array(10).fill('TRIGGERED'));
    const indexes = async () =>
      (await db.select().from(executions).where(eq(executions.pipelineId, p.id)))
        .map((e) => e.index)
        .sort((a, b) => a - b);
    expect(await indexes()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The live event announcing each execution carries its real number.
    for (const a of answers.slice(0, 3)) {
      const [ex] = await db
        .select()
        .from(executions)
        .where(eq(executions.id, a.body.executionId as string));
      const [created] = await db
        .select()
        .from(liveEvents)
        .where(eq(liveEvents.topic, `execution:${ex!.id}`));
      expect(created!.data).toMatchObject({ index: ex!.index, status: 'QUEUED' });
    }
    // A redelivery of n3 is recorded as DUPLICATE and burns no number.
    const again = await deliver(w.secureToken, withPush({ tag: 'n3', pushed_at: 1650000003 }));
    expect(again.body.result).toBe('DUPLICATE');
    // A manual run refused for its inputs takes no number either; the next run is #11.
    await expect(runPipeline(owner.ctx, p.id, { NOPE: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect((await runPipeline(owner.ctx, p.id, {})).index).toBe(11);
    const next = await deliver(w.secureToken, withPush({ tag: 'n10', pushed_at: 1650000010 }));
    expect(next.body.result).toBe('TRIGGERED');
    expect((await indexes()).slice(-2)).toEqual([11, 12]);
  });

  it('SKIPPED_DISABLED and NOT_MATCHED (repository, tag filter, regex)', async () => {
    const off = await webhook({ enabled: false });
    expect((await deliver(off.secureToken, PUSH)).body).toMatchObject({
      result: 'SKIPPED_DISABLED',
      executionId: null,
    });
    const v = await webhook({ tagPattern: 'v*' });
    const nm = await deliver(v.secureToken, PUSH);
    expect(nm.body.result).toBe('NOT_MATCHED');
    expect((await deliver(v.secureToken, withPush({ tag: 'v1.2' }))).body.result).toBe('TRIGGERED');
    const other = await webhook({ repository: 'svendowideit/other' });
    expect((await deliver(other.secureToken, PUSH)).body.result).toBe('NOT_MATCHED');
    const re = await webhook({ tagPattern: '/\\d+\\.\\d+/' });
    expect((await deliver(re.secureToken, withPush({ tag: '1.27' }))).body.result).toBe(
      'TRIGGERED',
    );
    expect((await deliver(re.secureToken, withPush({ tag: '1.27-rc' }))).body.result).toBe(
      'NOT_MATCHED',
    );
    const [row] = await eventsOf(v.id);
    expect(row!.reason).toMatch(/does not match the filter v\*/);
  });

  it('REJECTED: 400 not JSON, 413 too large, 422 not a push, bad tag or repository', async () => {
    const w = await webhook();
    expect((await deliver(w.secureToken, '{"push_data":')).status).toBe(400);
    const big = await receiveDockerHubDelivery(db, {
      secureToken: w.secureToken,
      readBody: () =>
        Promise.reject(new AppError('PAYLOAD_TOO_LARGE', 'The body is larger than 1024 KiB')),
    });
    expect(big.status).toBe(413);
    expect((await deliver(w.secureToken, '{"hello":"world"}')).status).toBe(422);
    const badTag = await deliver(w.secureToken, withPush({ tag: '-bad tag' }));
    expect(badTag.status).toBe(422);
    expect((await deliver(w.secureToken, withPush({ name: 'Test Hook' }))).status).toBe(422);
    const rows = await eventsOf(w.id);
    expect(rows.map((r) => r.result)).toEqual(Array(5).fill('REJECTED'));
    expect(rows.every((r) => r.executionId === null)).toBe(true);
    expect(rows.find((r) => r.tag === '-bad tag')?.reason).toMatch(/Invalid tag/);
  });

  it('FAILED: revoked token and disabled pipeline are recorded with the reason', async () => {
    const t = await makeToken(db, owner.ctx.actor.email, owner.password);
    const w = await webhook({ refreshToken: t.refreshToken });
    await revokeApiToken(owner.ctx, t.id);
    const a = await deliver(w.secureToken, PUSH);
    expect(a.body).toMatchObject({ result: 'FAILED', executionId: null });
    expect((await eventsOf(w.id))[0]!.reason).toMatch(/was revoked/);
    const off = await makeDockerPipeline(db, project.id, { enabled: false });
    const w2 = await webhook({ pipeline: off.name });
    expect((await deliver(w2.secureToken, PUSH)).body.result).toBe('FAILED');
    expect((await eventsOf(w2.id))[0]!.reason).toMatch(/disabled/);
    expect(tokenId).toBeTruthy();
  });

  it('atomic: the database failing after the execution was written leaves neither, and answers 503', async () => {
    const w = await webhook();
    const before = (await db.select().from(executions)).length;
    // A real failure inside the database, raised while the event row is written — after the
    // execution and task rows of the same delivery.
    await db.execute(
      sql.raw(`create function explode_on_tag() returns trigger language plpgsql as $$
        begin
          if new.tag = 'explode' then raise exception 'disk on fire'; end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(`create trigger explode before insert on registry_events
        for each row execute function explode_on_tag()`),
    );
    try {
      const a = await deliver(w.secureToken, withPush({ tag: 'explode', pushed_at: 1800000000 }));
      expect(a.status).toBe(503);
      expect(a.body).toMatchObject({ error: { code: 'UNAVAILABLE' } });
      expect(await eventsOf(w.id)).toHaveLength(0);
      expect((await db.select().from(executions)).length).toBe(before);
    } finally {
      await db.execute(sql.raw('drop trigger explode on registry_events'));
      await db.execute(sql.raw('drop function explode_on_tag()'));
    }
    // The sender's retry then succeeds (the dedupe key was not taken by the lost attempt).
    const retry = await deliver(w.secureToken, withPush({ tag: 'explode', pushed_at: 1800000000 }));
    expect(retry.body.result).toBe('TRIGGERED');
    const [ex] = await db
      .select()
      .from(executions)
      .where(eq(executions.id, retry.body.executionId as string));
    expect(ex!.trigger).toMatchObject({ registryEventId: retry.body.eventId });
  });

  it('lists events newest first with filters, and resubmits one', async () => {
    const w = await webhook({ tagPattern: 'v*' });
    await deliver(w.secureToken, withPush({ tag: 'x1' }));
    const t = await deliver(w.secureToken, withPush({ tag: 'v9' }));
    const all = await listRegistryEvents(owner.ctx, { webhook: w.id, limit: 50 });
    expect(all.items.map((e) => e.tag)).toEqual(['v9', 'x1']);
    const nm = await listRegistryEvents(owner.ctx, {
      project: project.name,
      webhook: w.name,
      result: 'NOT_MATCHED',
      limit: 50,
    });
    expect(nm.items.map((e) => e.tag)).toEqual(['x1']);
    const page = await listRegistryEvents(owner.ctx, { webhook: w.id, limit: 1 });
    const next = await listRegistryEvents(owner.ctx, {
      webhook: w.id,
      limit: 1,
      cursor: page.nextCursor!,
    });
    expect(next.items[0]!.tag).toBe('x1');
    const r = await resubmitRegistryEvent(owner.ctx, t.body.eventId as string);
    expect(r.executionId).not.toBe(t.body.executionId);
    const stranger = await makeUser(db);
    expect((await listRegistryEvents(stranger.ctx, { limit: 50 })).items).toHaveLength(0);
    await updateDockerWebhook(owner.ctx, w.id, { enabled: false });
  });

  it('an empty or absent webhook input falls back to the pipeline default', async () => {
    for (const inputs of [{ REPLICAS: '' }, {}]) {
      const w = await webhook({ inputs });
      const a = await deliver(w.secureToken, withPush({ pushed_at: 1600000000 }));
      expect(a.body.result).toBe('TRIGGERED');
      const [ex] = await db
        .select()
        .from(executions)
        .where(eq(executions.id, a.body.executionId as string));
      expect(ex!.inputs).toMatchObject({ REPLICAS: '2', DOCKER_TAG: 'latest' });
    }
  });

  it('resubmit refuses a push that did not match, or no longer matches, the webhook', async () => {
    const w = await webhook({ tagPattern: 'v*' });
    const nm = await deliver(w.secureToken, withPush({ tag: 'x1' }));
    expect(nm.body.result).toBe('NOT_MATCHED');
    await expect(resubmitRegistryEvent(owner.ctx, nm.body.eventId as string)).rejects.toMatchObject(
      { code: 'CONFLICT', message: expect.stringMatching(/did not match/) as unknown },
    );
    const t = await deliver(w.secureToken, withPush({ tag: 'v2' }));
    expect(t.body.result).toBe('TRIGGERED');
    await updateDockerWebhook(owner.ctx, w.id, { tagPattern: 'release-*' });
    await expect(resubmitRegistryEvent(owner.ctx, t.body.eventId as string)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/does not match the webhook's filter release-\*/) as unknown,
    });
    const runs = await db.select().from(registryEvents).where(eq(registryEvents.webhookId, w.id));
    expect(runs).toHaveLength(2);
    await updateDockerWebhook(owner.ctx, w.id, { enabled: false });
  });

  describe('callback', () => {
    let cb: CallbackReceiver;
    beforeAll(async () => {
      cb = await startCallbackReceiver();
    });
    afterAll(async () => {
      process.env.SLIPWAY_CALLBACK_HOSTS = '';
      delete process.env.SLIPWAY_CALLBACK_HOSTS;
      resetEnvForTests();
      await cb.stop();
    });

    async function finished(status: string, callbackUrl: string) {
      const w = await webhook();
      const body = JSON.parse(withPush({ pushed_at: Math.floor(Math.random() * 1e9) })) as Record<
        string,
        unknown
      >;
      body.callback_url = callbackUrl;
      const a = await deliver(w.secureToken, JSON.stringify(body));
      const eventId = a.body.eventId as string;
      const ev = {
        executionId: a.body.executionId as string,
        projectId: project.id,
        pipelineId: 'p',
        pipelineName: pipelineName,
        index: 1,
        status,
        message: status === 'FAILED' ? 'task failed' : null,
        trigger: { type: 'WEBHOOK' as const, registryEventId: eventId, callbackUrl },
      };
      await sendDockerHubCallback(db, ev, { backoffMs: 10 });
      const [row] = await db.select().from(registryEvents).where(eq(registryEvents.id, eventId));
      return row!.callback;
    }

    it('posts success/failure to an allowed host, retrying a failing one', async () => {
      process.env.SLIPWAY_CALLBACK_HOSTS = 'registry.hub.docker.com,127.0.0.1';
      resetEnvForTests();
      cb.failNext(1);
      const out = await finished('COMPLETED', `${cb.url}/u/x/hook/1/`);
      expect(out).toMatchObject({ delivered: true, attempts: 2, state: 'success' });
      const got = await cb.waitFor((c) => c.path === '/u/x/hook/1/');
      expect(got.body).toMatchObject({ state: 'success', context: 'Slipway' });
      expect((got.body as { target_url: string }).target_url).toMatch(/\/executions\//);
      const failed = await finished('FAILED', `${cb.url}/u/x/hook/2/`);
      expect(failed).toMatchObject({ delivered: true, state: 'failure' });
      cb.failNext(5);
      const lost = await finished('COMPLETED', `${cb.url}/u/x/hook/3/`);
      expect(lost).toMatchObject({ delivered: false, attempts: 3, message: 'HTTP 500' });
    });

    it('never calls a host that is not on the allow-list', async () => {
      process.env.SLIPWAY_CALLBACK_HOSTS = 'registry.hub.docker.com';
      resetEnvForTests();
      const n = cb.received.length;
      const out = await finished('COMPLETED', `${cb.url}/u/x/hook/4/`);
      expect(out).toMatchObject({ delivered: false, attempts: 0 });
      expect(out!.message).toMatch(/not in SLIPWAY_CALLBACK_HOSTS/);
      expect(cb.received.length).toBe(n);
    });
  });
});
