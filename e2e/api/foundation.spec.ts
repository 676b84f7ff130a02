import { expect, test } from '@playwright/test';
import { ADMIN, bearerFor, ensureAdmin, unique } from '../support/session';
import { expectError, makeProject, makeUser } from './foundation-helpers';

/** Every rule of issue 2 over real HTTP against the running server. */

test.describe('setup and sign-in', () => {
  test('setup answers 409 once a user exists', async ({ request }) => {
    await ensureAdmin(request);
    const res = await request.post('/api/v1/setup', {
      data: { email: `${unique('late')}@example.com`, password: 'whatever 123', name: 'Late' },
    });
    await expectError(res, 409, 'CONFLICT');
  });

  test('tokens: wrong credentials get 401 that does not say which part was wrong', async ({
    request,
  }) => {
    const admin = await bearerFor(request);
    const user = await makeUser(request, admin);
    const wrongPassword = await expectError(
      await request.post('/api/v1/tokens', {
        data: { email: user.email, password: 'not the password' },
      }),
      401,
      'UNAUTHORIZED',
    );
    const unknownEmail = await expectError(
      await request.post('/api/v1/tokens', {
        data: { email: `${unique('nobody')}@example.com`, password: user.password },
      }),
      401,
      'UNAUTHORIZED',
    );
    expect(wrongPassword.message).toBe(unknownEmail.message);
    expect(wrongPassword.message).toBe('Email or password is not correct');
  });

  test('a new token is valid six months and its secret is never listed', async ({ request }) => {
    const admin = await bearerFor(request);
    const user = await makeUser(request, admin);
    const res = await request.post('/api/v1/tokens', {
      data: { email: user.email, password: user.password, name: 'ci' },
    });
    expect(res.status()).toBe(201);
    const t = (await res.json()) as { id: string; refreshToken: string; expiresAt: string };
    const days = (Date.parse(t.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(178);
    expect(days).toBeLessThan(186);
    const list = await request.get('/api/v1/tokens', { headers: user.headers });
    const text = await list.text();
    expect(list.status()).toBe(200);
    expect(text).toContain(t.id);
    expect(text).not.toContain(t.refreshToken);
    expect(text).not.toMatch(/hash/i);
    const one = await request.get(`/api/v1/tokens/${t.id}`, { headers: user.headers });
    expect(((await one.json()) as { status: string }).status).toBe('ACTIVE');
    // Another user's token is not found for me.
    await expectError(await request.get(`/api/v1/tokens/${t.id}`, { headers: admin }), 404);
  });

  test('login with an unknown or revoked refresh token is 401 saying which', async ({
    request,
  }) => {
    const unknown = await expectError(
      await request.post('/api/v1/login', { data: { refreshToken: 'swr_nothing_like_this' } }),
      401,
      'UNAUTHORIZED',
    );
    expect(unknown.message).toMatch(/not valid/i);

    const admin = await bearerFor(request);
    const user = await makeUser(request, admin);
    const created = await request.post('/api/v1/tokens', {
      data: { email: user.email, password: user.password, name: 'to revoke' },
    });
    const { id, refreshToken } = (await created.json()) as { id: string; refreshToken: string };
    const login = await request.post('/api/v1/login', { data: { refreshToken } });
    expect(login.status()).toBe(200);
    const l = (await login.json()) as { accessToken: string; tokenType: string; expiresIn: number };
    expect(l.tokenType).toBe('Bearer');
    expect(l.expiresIn).toBeLessThanOrEqual(3600);

    const del = await request.delete(`/api/v1/tokens/${id}`, { headers: user.headers });
    expect(del.status()).toBeLessThan(300);
    const revoked = await expectError(
      await request.post('/api/v1/login', { data: { refreshToken } }),
      401,
      'UNAUTHORIZED',
    );
    expect(revoked.message).toMatch(/revoked/i);
    const bearer = await expectError(
      await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${l.accessToken}` } }),
      401,
    );
    expect(bearer.message).toMatch(/revoked/i);
  });

  test('/api/v1 without auth is 401; a refresh token as Bearer is told to exchange it', async ({
    request,
  }) => {
    await expectError(await request.get('/api/v1/projects'), 401, 'UNAUTHORIZED');
    await expectError(await request.get('/api/v1/me'), 401, 'UNAUTHORIZED');
    await expectError(
      await request.get('/api/v1/me', { headers: { Authorization: 'Bearer swa_made_up' } }),
      401,
    );
    await ensureAdmin(request);
    const t = await request.post('/api/v1/tokens', {
      data: { email: ADMIN.email, password: ADMIN.password, name: 'as bearer' },
    });
    const { refreshToken } = (await t.json()) as { refreshToken: string };
    const err = await expectError(
      await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${refreshToken}` } }),
      401,
      'UNAUTHORIZED',
    );
    expect(err.message).toMatch(/exchange/i);
    expect(err.message).toContain('/api/v1/login');
  });

  test('repeated wrong passwords are slowed down: 429 with Retry-After', async ({ request }) => {
    // Its own account and address, so no other test is slowed down.
    const email = `${unique('victim')}@example.com`;
    const headers = { 'X-Forwarded-For': `10.${Math.floor(Math.random() * 250)}.0.7` };
    let last = await request.post('/api/v1/tokens', { headers, data: { email, password: 'x' } });
    for (let i = 0; i < 12 && last.status() !== 429; i++) {
      expect(last.status()).toBe(401);
      last = await request.post('/api/v1/tokens', { headers, data: { email, password: 'x' } });
    }
    const err = await expectError(last, 429, 'RATE_LIMITED');
    expect(err.message).toMatch(/too many/i);
    expect(Number(last.headers()['retry-after'])).toBeGreaterThan(0);
  });
});

test.describe('bad input', () => {
  test('malformed JSON is 400, invalid fields 422 naming each path', async ({ request }) => {
    const admin = await bearerFor(request);
    await expectError(
      await request.post('/api/v1/projects', {
        headers: { ...admin, 'Content-Type': 'application/json' },
        data: Buffer.from('{"name": "half'),
      }),
      400,
      'BAD_REQUEST',
    );
    const err = await expectError(
      await request.post('/api/v1/users', {
        headers: admin,
        data: { email: 'not-an-email', password: 'short', name: '', admin: 'yes' },
      }),
      422,
      'VALIDATION_FAILED',
    );
    const paths = (err.details?.issues ?? []).map((i) => i.path).sort();
    expect(paths).toEqual(['admin', 'email', 'name', 'password']);
  });

  test('duplicate project name is 409', async ({ request }) => {
    const admin = await bearerFor(request);
    const p = await makeProject(request, admin);
    await expectError(
      await request.post('/api/v1/projects', { headers: admin, data: { name: p.name } }),
      409,
      'CONFLICT',
    );
    const other = await makeProject(request, admin);
    await expectError(
      await request.patch(`/api/v1/projects/${other.id}`, {
        headers: admin,
        data: { name: p.name },
      }),
      409,
    );
  });

  test('unknown routes are 404 JSON', async ({ request }) => {
    const admin = await bearerFor(request);
    const err = await expectError(
      await request.get('/api/v1/no-such-thing', { headers: admin }),
      404,
      'NOT_FOUND',
    );
    expect(err.message).toContain('/api/v1/no-such-thing');
    await expectError(await request.post('/api/v1/nothing/here'), 404, 'NOT_FOUND');
  });

  test('a body over the size cap is 413 and the server keeps serving', async ({ request }) => {
    const admin = await bearerFor(request);
    const big = JSON.stringify({ name: unique('big'), description: 'x'.repeat(2 * 1024 * 1024) });
    await expectError(
      await request.post('/api/v1/projects', {
        headers: { ...admin, 'Content-Type': 'application/json' },
        data: Buffer.from(big),
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect((await request.get('/api/health')).status()).toBe(200);
  });
});

test.describe('operations', () => {
  test('health, readiness with migrations, metrics by route, OpenAPI', async ({ request }) => {
    expect((await request.get('/api/health')).status()).toBe(200);
    const ready = await request.get('/api/ready');
    expect(ready.status()).toBe(200);
    const r = (await ready.json()) as { ready: boolean; migrations: string };
    expect(r.ready).toBe(true);
    const [applied, expected] = r.migrations.split(' ')[0]!.split('/').map(Number);
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeGreaterThanOrEqual(expected!);

    const admin = await bearerFor(request);
    await request.get('/api/v1/projects', { headers: admin });
    const metrics = await request.get('/api/metrics');
    expect(metrics.status()).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(
      /slipway_http_requests_total\{[^}]*route="\/api\/v1\/projects"[^}]*\} \d+/,
    );
    expect(text).toContain('slipway_http_request_duration_seconds_bucket');
    expect(text).toContain('slipway_process_cpu');

    const api = await request.get('/api/v1/openapi.json');
    expect(api.status()).toBe(200);
    const doc = (await api.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/projects', '/api/v1/tokens', '/api/v1/login']),
    );
  });
});
