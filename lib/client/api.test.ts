import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetchAll, formErrors } from './api';

/** A list of `total` numbered items served 200 a page through `nextCursor`, as the API does. */
function serveList(total: number) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (path: string) => {
    asked.push(path);
    const u = new URL(path, 'http://slipway.test');
    const limit = Number(u.searchParams.get('limit'));
    const from = Number(u.searchParams.get('cursor') ?? 0);
    const items = Array.from({ length: Math.min(limit, total - from) }, (_, i) => from + i);
    const next = from + items.length < total ? String(from + items.length) : null;
    return new Response(JSON.stringify({ items, nextCursor: next }), { status: 200 });
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe('apiFetchAll', () => {
  it('follows the cursor to the last page', async () => {
    const asked = serveList(450);
    const items = await apiFetchAll<number>('/api/v1/pipelines?project=p');
    expect(items).toHaveLength(450);
    expect(items.at(-1)).toBe(449);
    expect(asked).toEqual([
      '/api/v1/pipelines?project=p&limit=200',
      '/api/v1/pipelines?project=p&limit=200&cursor=200',
      '/api/v1/pipelines?project=p&limit=200&cursor=400',
    ]);
  });

  it('stops at maxItems and asks once for a short list', async () => {
    serveList(1000);
    expect(await apiFetchAll<number>('/api/v1/projects', 400)).toHaveLength(400);
    const asked = serveList(3);
    expect(await apiFetchAll<number>('/api/v1/projects')).toEqual([0, 1, 2]);
    expect(asked).toEqual(['/api/v1/projects?limit=200']);
  });

  it("passes the API's error on", async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No such project' } }), {
          status: 404,
        }),
    );
    await expect(apiFetchAll('/api/v1/pipelines?project=x')).rejects.toEqual(
      new ApiError(404, 'NOT_FOUND', 'No such project'),
    );
  });
});

describe('ApiError.fieldErrors', () => {
  it('keeps the first problem of each field', () => {
    const e = new ApiError(422, 'VALIDATION_FAILED', 'Invalid', {
      issues: [
        { path: 'name', message: 'must not be empty' },
        { path: 'name', message: 'letters, digits, dot, dash and underscore only' },
        { path: 'url', message: 'must be an http(s) URL' },
      ],
    });
    expect(e.fieldErrors()).toEqual({ name: 'must not be empty', url: 'must be an http(s) URL' });
  });
});

describe('formErrors', () => {
  it('puts field problems under their fields and says nothing twice', () => {
    const fieldOnly = new ApiError(409, 'CONFLICT', 'Name taken', {
      issues: [{ path: 'name', message: '"X" is already used' }],
    });
    expect(formErrors(fieldOnly)).toEqual({ fields: { name: '"X" is already used' } });
    expect(formErrors(new ApiError(500, 'INTERNAL', 'Something went wrong'))).toEqual({
      fields: {},
      message: 'Something went wrong',
    });
  });
});
