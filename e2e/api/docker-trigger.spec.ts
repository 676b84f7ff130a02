import { expect, test } from '@playwright/test';
import { startCallbackReceiver, type CallbackReceiver } from '../fakes/callback-receiver';
import { hookUrlsOf, startFakeDockerHub, type FakeDockerHub } from '../fakes/docker-hub';
import { bearerFor } from '../support/session';
import { expectError, makeUser } from './foundation-helpers';
import {
  CALLBACKS_ALLOWED,
  createWebhook,
  dockerSetup,
  fixture,
  receiverPath,
  SEED_EXAMPLE,
  waitForExecution,
} from './docker-trigger-setup';

let hub: FakeDockerHub;
let callbacks: CallbackReceiver;
const HUB_USER = { user: 'svendowideit', password: 'dckr_pat_e2e' };
/** The server's allow-list (playwright passes the environment through to `npm start`). */

test.beforeAll(async () => {
  hub = await startFakeDockerHub({ users: { [HUB_USER.user]: HUB_USER.password, csanchez: 'pw' } });
  callbacks = await startCallbackReceiver();
});
test.afterAll(async () => {
  await hub.stop();
  await callbacks.stop();
});

interface Accepted {
  eventId: string;
  result: string;
  executionId: string | null;
}

test('creating a webhook creates it on Docker Hub with the hook URL; edit and delete follow', async ({
  request,
}) => {
  const headers = await bearerFor(request);
  const s = await dockerSetup(request, headers, { url: hub.url, ...HUB_USER });
  const w = await createWebhook(request, headers, s);
  expect(w.sync).toMatchObject({ state: 'SYNCED' });
  expect(w.hookUrl).toMatch(/\/pipelines\/api\/docker-hub-webhooks\?secureToken=swh_[\w-]{40,}$/);
  expect(hookUrlsOf(hub.state, 'svendowideit/testhook')).toContain(w.hookUrl);
  expect(JSON.stringify(w)).not.toContain(s.refreshToken);

  const rotated = await request.patch(`/api/v1/docker-webhooks/${w.id}`, {
    headers,
    data: { rotateSecureToken: true },
  });
  const r = (await rotated.json()) as typeof w;
  expect(hookUrlsOf(hub.state, 'svendowideit/testhook')).toContain(r.hookUrl);
  expect(hookUrlsOf(hub.state, 'svendowideit/testhook')).not.toContain(w.hookUrl);
  // The old token no longer authenticates.
  expect(
    (
      await request.post(receiverPath(w.hookUrl), { data: fixture('dockerhub-push.json') })
    ).status(),
  ).toBe(401);

  hub.setMode('refuse');
  const refused = await createWebhook(request, headers, s);
  expect(refused.sync.state).toBe('NOT_SYNCED');
  expect(refused.sync.message).toContain('Webhooks are disabled for this account');
  hub.setMode('ok');
  const retried = await request.post(`/api/v1/docker-webhooks/${refused.id}/sync`, { headers });
  expect(((await retried.json()) as typeof w).sync.state).toBe('SYNCED');

  expect((await request.delete(`/api/v1/docker-webhooks/${w.id}`, { headers })).status()).toBe(204);
  expect(hookUrlsOf(hub.state, 'svendowideit/testhook')).not.toContain(r.hookUrl);

  const stranger = await makeUser(request, headers);
  await expectError(
    await request.get(`/api/v1/docker-webhooks/${refused.id}`, { headers: stranger.headers }),
    404,
  );
  await expectError(
    await request.post('/api/v1/docker-webhooks', {
      headers,
      data: { project: s.project.name, name: 'x' },
    }),
    422,
    'VALIDATION_FAILED',
  );
});

test("the seed's example payload: refused as printed (invalid JSON escape), accepted once fixed", async ({
  request,
}) => {
  const headers = await bearerFor(request);
  const s = await dockerSetup(request, headers, { url: hub.url, ...HUB_USER });
  const w = await createWebhook(request, headers, s);
  const path = receiverPath(w.hookUrl);
  const printed = await request.post(path, {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from(SEED_EXAMPLE),
  });
  const err = await expectError(printed, 400, 'BAD_REQUEST');
  expect(err.message).toMatch(/not valid JSON.*Bad escaped character/);
  // The only defect is `\]` (not a JSON escape) in the Dockerfile text.
  const fixed = SEED_EXAMPLE.replace('apt-cacher-ng\\]', 'apt-cacher-ng]');
  const ok = await request.post(path, {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from(fixed),
  });
  expect(ok.status(), await ok.text()).toBe(202);
  const body = (await ok.json()) as Accepted;
  expect(body.result).toBe('TRIGGERED');
  const ex = await waitForExecution(request, headers, body.executionId!);
  expect(ex.status).toBe('COMPLETED');
  expect(ex.inputs).toMatchObject({
    DOCKER_EVENT_OWNER_NAME: 'trustedbuilder',
    DOCKER_IMAGE: 'svendowideit/testhook:latest',
    DOCKER_REPO_NAME: 'testhook',
    DOCKER_REPO_NAMESPACE: 'svendowideit',
    DOCKER_TAG: 'latest',
    REPLICAS: '3',
  });
});

test('every Docker Hub fixture is accepted by the running server, with each result kind', async ({
  request,
}) => {
  const headers = await bearerFor(request);
  const s = await dockerSetup(request, headers, { url: hub.url, ...HUB_USER });
  const w = await createWebhook(request, headers, s);
  const path = receiverPath(w.hookUrl);
  const send = async (data: string) => {
    const res = await request.post(path, {
      headers: { 'content-type': 'application/json' },
      data: Buffer.from(data),
    });
    return {
      status: res.status(),
      body: (await res.json()) as Accepted & { error?: { message: string } },
    };
  };
  const first = await send(fixture('dockerhub-push.json'));
  expect(first).toMatchObject({ status: 202, body: { result: 'TRIGGERED' } });
  // Same push, older payload shape (float pushed_at, images): a duplicate.
  expect(await send(fixture('dockerhub-push-legacy-images.json'))).toMatchObject({
    status: 202,
    body: { result: 'DUPLICATE', executionId: null },
  });
  // 2015 capture without a tag → latest, other repository → not matched here.
  expect(await send(fixture('dockerhub-push-captured-2015-no-tag.json'))).toMatchObject({
    status: 202,
    body: { result: 'NOT_MATCHED' },
  });
  const other = await createWebhook(request, headers, s, {
    repository: 'csanchez/jenkins-swarm-slave',
  });
  const noTag = await request.post(receiverPath(other.hookUrl), {
    data: fixture('dockerhub-push-captured-2015-no-tag.json'),
  });
  expect(noTag.status()).toBe(202);
  const noTagBody = (await noTag.json()) as Accepted;
  expect(noTagBody.result).toBe('TRIGGERED');
  const ex = await waitForExecution(request, headers, noTagBody.executionId!);
  expect(ex.inputs).toMatchObject({
    DOCKER_TAG: 'latest',
    DOCKER_IMAGE: 'csanchez/jenkins-swarm-slave:latest',
  });

  // Disabled: recorded as skipped.
  await request.patch(`/api/v1/docker-webhooks/${w.id}`, { headers, data: { enabled: false } });
  const push = JSON.parse(fixture('dockerhub-push.json')) as { push_data: Record<string, unknown> };
  push.push_data.pushed_at = 1500000000;
  expect(await send(JSON.stringify(push))).toMatchObject({
    status: 202,
    body: { result: 'SKIPPED_DISABLED' },
  });

  // Bad input: 400, 413, 422 (stored as REJECTED), 401 (nothing stored).
  expect((await send('{"callback_url": ')).status).toBe(400);
  const big = await request.post(path, { data: `{"x":"${'a'.repeat(1024 * 1024 + 10)}"}` });
  expect(big.status()).toBe(413);
  expect((await send('{"hello":"world"}')).status).toBe(422);
  push.push_data.tag = 'bad tag!';
  const badTag = await send(JSON.stringify(push));
  expect(badTag.status).toBe(422);
  expect(badTag.body.error?.message).toMatch(/Invalid tag/);
  const unknown = await request.post('/pipelines/api/docker-hub-webhooks?secureToken=swh_unknown', {
    data: fixture('dockerhub-push.json'),
  });
  await expectError(unknown, 401, 'UNAUTHORIZED');

  const list = await request.get(`/api/v1/registry-events?webhook=${w.id}`, { headers });
  const events = ((await list.json()) as { items: { result: string; tag: string | null }[] }).items;
  expect(events.map((e) => e.result)).toEqual([
    'REJECTED',
    'REJECTED',
    'REJECTED',
    'REJECTED',
    'SKIPPED_DISABLED',
    'NOT_MATCHED',
    'DUPLICATE',
    'TRIGGERED',
  ]);
  const rejected = await request.get(`/api/v1/registry-events?webhook=${w.id}&result=REJECTED`, {
    headers,
  });
  expect(((await rejected.json()) as { items: unknown[] }).items).toHaveLength(4);

  // A push that did not match (another repository) or a rejected delivery is never run again.
  const ids = events as unknown as { id: string }[];
  const notMatched = await request.post(`/api/v1/registry-events/${ids[5]!.id}/resubmit`, {
    headers,
  });
  const nmError = await expectError(notMatched, 409, 'CONFLICT');
  expect(nmError.message).toMatch(/did not match the webhook .*csanchez\/jenkins-swarm-slave/);
  const rejectedResubmit = await request.post(`/api/v1/registry-events/${ids[0]!.id}/resubmit`, {
    headers,
  });
  expect((await expectError(rejectedResubmit, 409, 'CONFLICT')).message).toMatch(/rejected/);
  const afterRefusals = await request.get(`/api/v1/registry-events?webhook=${w.id}`, { headers });
  expect(((await afterRefusals.json()) as { items: unknown[] }).items).toHaveLength(8);

  // Resubmit the duplicate: a new execution.
  const dupId = (events[6] as unknown as { id: string }).id;
  const re = await request.post(`/api/v1/registry-events/${dupId}/resubmit`, { headers });
  expect(re.status(), await re.text()).toBe(202);
  const { executionId } = (await re.json()) as { executionId: string };
  expect((await waitForExecution(request, headers, executionId)).status).toBe('COMPLETED');
});

test('the callback reports the outcome to an allowed host only', async ({ request }) => {
  const headers = await bearerFor(request);
  const s = await dockerSetup(request, headers, { url: hub.url, ...HUB_USER });
  const w = await createWebhook(request, headers, s);
  const push = JSON.parse(fixture('dockerhub-push.json')) as Record<string, unknown> & {
    push_data: Record<string, unknown>;
  };
  push.push_data.pushed_at = Date.now() / 1000;
  push.callback_url = `${callbacks.url}/u/svendowideit/testhook/hook/e2e/`;
  const res = await request.post(receiverPath(w.hookUrl), { data: JSON.stringify(push) });
  const { eventId, executionId } = (await res.json()) as Accepted;
  expect((await waitForExecution(request, headers, executionId!)).status).toBe('COMPLETED');
  await expect
    .poll(
      async () => {
        const r = await request.get(`/api/v1/registry-events/${eventId}`, { headers });
        return ((await r.json()) as { callback: { delivered: boolean; message: string } | null })
          .callback;
      },
      { timeout: 30_000 },
    )
    .not.toBeNull();
  const ev = (await (
    await request.get(`/api/v1/registry-events/${eventId}`, { headers })
  ).json()) as {
    callback: { delivered: boolean; state: string; message: string };
  };
  if (CALLBACKS_ALLOWED) {
    const got = await callbacks.waitFor((c) => c.path.endsWith('/hook/e2e/'));
    expect(got.body).toMatchObject({ state: 'success', context: 'Slipway' });
    expect((got.body as { target_url: string }).target_url).toContain(`/executions/${executionId}`);
    expect(ev.callback).toMatchObject({ delivered: true, state: 'success' });
  } else {
    expect(ev.callback).toMatchObject({ delivered: false });
    expect(ev.callback.message).toMatch(/not in SLIPWAY_CALLBACK_HOSTS/);
    expect(callbacks.received.filter((c) => c.path.endsWith('/hook/e2e/'))).toHaveLength(0);
  }
  // A host off the list (localhost is not 127.0.0.1 for the allow-list) is never called.
  push.push_data.pushed_at = Date.now() / 1000 + 1;
  push.callback_url = `${callbacks.url.replace('127.0.0.1', 'localhost')}/u/x/hook/off-list/`;
  const off = (await (
    await request.post(receiverPath(w.hookUrl), { data: JSON.stringify(push) })
  ).json()) as Accepted;
  await waitForExecution(request, headers, off.executionId!);
  await expect
    .poll(
      async () => {
        const r = await request.get(`/api/v1/registry-events/${off.eventId}`, { headers });
        return (
          ((await r.json()) as { callback: { message: string } | null }).callback?.message ?? ''
        );
      },
      { timeout: 30_000 },
    )
    .toMatch(/not in SLIPWAY_CALLBACK_HOSTS/);
  expect(callbacks.received.filter((c) => c.path.includes('off-list'))).toHaveLength(0);
});
