import { expect, type APIRequestContext } from '@playwright/test';

/** The administrator the first-run browser test creates; other tests sign in as it. */
export const ADMIN = {
  email: 'admin@example.com',
  password: 'correct horse battery',
  name: 'Ada Admin',
};

/** Makes sure the first administrator exists (whoever runs first creates it). */
export async function ensureAdmin(request: APIRequestContext): Promise<void> {
  const res = await request.post('/api/v1/setup', { data: ADMIN });
  expect([201, 409]).toContain(res.status());
}

/** Refresh token → access token for a user; returns headers for authenticated API calls. */
export async function bearerFor(
  request: APIRequestContext,
  user: { email: string; password: string } = ADMIN,
): Promise<{ Authorization: string }> {
  await ensureAdmin(request);
  const t = await request.post('/api/v1/tokens', {
    data: { email: user.email, password: user.password, name: 'e2e' },
  });
  expect(t.status(), await t.text()).toBe(201);
  const { refreshToken } = (await t.json()) as { refreshToken: string };
  const l = await request.post('/api/v1/login', { data: { refreshToken } });
  expect(l.status()).toBe(200);
  const { accessToken } = (await l.json()) as { accessToken: string };
  return { Authorization: `Bearer ${accessToken}` };
}

/** A unique name per test so that tests never depend on each other's data. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Signs the browser page in through the real login form. */
export async function signInUi(
  page: import('@playwright/test').Page,
  user: { email: string; password: string } = ADMIN,
) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A new project with a KUBERNETES endpoint "dev-cluster" on the test API server; its name. */
export async function projectWithCluster(
  request: APIRequestContext,
  headers: { Authorization: string },
  prefix: string,
  kube: { url: string; caCertPem: string },
): Promise<string> {
  const project = unique(prefix);
  const p = await request.post('/api/v1/projects', {
    headers,
    data: { name: project, description: '' },
  });
  expect(p.status(), await p.text()).toBe(201);
  const e = await request.post('/api/v1/endpoints', {
    headers,
    data: {
      project,
      name: 'dev-cluster',
      type: 'KUBERNETES',
      properties: {
        url: kube.url,
        authType: 'TOKEN',
        token: 'slipway-sa',
        caCert: kube.caCertPem,
        namespace: 'default',
      },
    },
  });
  expect(e.status(), await e.text()).toBe(201);
  return project;
}
