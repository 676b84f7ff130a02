import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookUrlsOf, startFakeDockerHub, type FakeDockerHub } from './index';

let hub: FakeDockerHub;

beforeAll(async () => {
  hub = await startFakeDockerHub({
    users: { alice: 'pw-alice', bob: 'dckr_pat_bob' },
    repositories: ['acme/web'],
  });
});
afterAll(async () => hub.stop());

async function call(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
  };
}

async function signIn(user = 'alice', pw = 'pw-alice') {
  const r = await call('POST', '/v2/users/login', { username: user, password: pw });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

describe('Docker Hub stand-in: sign-in', () => {
  it('issues tokens for right credentials on both endpoints', async () => {
    expect(typeof (await signIn())).toBe('string');
    const r = await call('POST', '/v2/auth/token', { identifier: 'bob', secret: 'dckr_pat_bob' });
    expect(r.status).toBe(200);
    expect(r.body.access_token).toMatch(/^hub_/);
  });
  it('answers 401 with Hub-like bodies for wrong credentials', async () => {
    const a = await call('POST', '/v2/users/login', { username: 'alice', password: 'nope' });
    expect(a).toMatchObject({ status: 401, body: { detail: expect.stringMatching(/Incorrect/) } });
    const b = await call('POST', '/v2/auth/token', { identifier: 'alice', secret: 'nope' });
    expect(b).toMatchObject({ status: 401, body: { message: expect.any(String) } });
  });
});

describe('Docker Hub stand-in: webhook pipelines', () => {
  const base = '/v2/repositories/alice/app/webhook_pipeline/';
  const hook = {
    name: 'deploy',
    webhooks: [{ name: 'deploy', hook_url: 'http://x.test/h?secureToken=1' }],
  };

  it('refuses calls without a bearer, to unknown or foreign repositories', async () => {
    expect((await call('GET', base)).status).toBe(401);
    const t = await signIn();
    expect(
      (await call('GET', '/v2/repositories/nobody/app/webhook_pipeline/', undefined, t)).status,
    ).toBe(404);
    expect(
      (await call('GET', '/v2/repositories/bob/app/webhook_pipeline/', undefined, t)).status,
    ).toBe(403);
    expect(
      (await call('GET', '/v2/repositories/acme/web/webhook_pipeline/', undefined, t)).status,
    ).toBe(200);
  });

  it('creates, lists, updates and deletes', async () => {
    const t = await signIn();
    const bad = await call(
      'POST',
      base,
      { name: '', webhooks: [{ name: 'x', hook_url: 'nope' }] },
      t,
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('webhooks');
    const c = await call('POST', base, hook, t);
    expect(c.status).toBe(201);
    expect(c.body.slug).toBe('deploy');
    expect((await call('POST', base, hook, t)).status).toBe(409);
    const list = await call('GET', base, undefined, t);
    expect(list.body.count).toBe(1);
    const u = await call(
      'PATCH',
      `${base}deploy/`,
      { webhooks: [{ name: 'deploy', hook_url: 'http://x.test/h?secureToken=2' }] },
      t,
    );
    expect(u.status).toBe(200);
    expect(hookUrlsOf(hub.state, 'alice/app')).toEqual(['http://x.test/h?secureToken=2']);
    expect((await call('DELETE', `${base}deploy/`, undefined, t)).status).toBe(204);
    expect((await call('DELETE', `${base}deploy/`, undefined, t)).status).toBe(404);
  });

  it('can refuse and go down', async () => {
    const t = await signIn();
    hub.setMode('refuse');
    expect((await call('GET', base, undefined, t)).status).toBe(403);
    hub.setMode('down');
    await expect(call('GET', base, undefined, t)).rejects.toThrow();
    hub.setMode('ok');
    expect((await call('GET', base, undefined, t)).status).toBe(200);
  });
});
