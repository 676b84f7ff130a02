import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { bearerFor, unique } from '../support/session';

export interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: { path: string }[] } };
}

/** Asserts the status and the API's error shape; returns the error. */
export async function expectError(
  res: APIResponse,
  status: number,
  code?: string,
): Promise<ErrorBody['error']> {
  expect(res.status(), await res.text()).toBe(status);
  expect(res.headers()['content-type']).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(typeof body.error.message).toBe('string');
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  headers: { Authorization: string };
}

/** A new non-administrator, created by the administrator, with Bearer headers of its own. */
export async function makeUser(
  request: APIRequestContext,
  admin: { Authorization: string },
): Promise<TestUser> {
  const email = `${unique('user')}@example.com`;
  const password = 'user password 123';
  const res = await request.post('/api/v1/users', {
    headers: admin,
    data: { email, password, name: 'Test User', admin: false },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  return { id, email, password, headers: await bearerFor(request, { email, password }) };
}

export async function makeProject(
  request: APIRequestContext,
  headers: { Authorization: string },
  name = unique('proj'),
): Promise<{ id: string; name: string }> {
  const res = await request.post('/api/v1/projects', {
    headers,
    data: { name, description: 'made by a test' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}
