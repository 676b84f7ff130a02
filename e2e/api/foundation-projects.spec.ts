import { expect, test } from '@playwright/test';
import { bearerFor, unique } from '../support/session';
import { expectError, makeProject, makeUser } from './foundation-helpers';

/** Issue 2 over real HTTP: projects, members, roles, pagination and users. */

test.describe('projects, members and roles', () => {
  test('a non-member gets 404, a VIEWER gets 403 when changing, members see the project', async ({
    request,
  }) => {
    const admin = await bearerFor(request);
    const p = await makeProject(request, admin);
    const user = await makeUser(request, admin);
    const h = user.headers;

    await expectError(await request.get(`/api/v1/projects/${p.id}`, { headers: h }), 404);
    await expectError(await request.get(`/api/v1/projects/${p.name}`, { headers: h }), 404);
    await expectError(await request.get(`/api/v1/projects/${p.id}/members`, { headers: h }), 404);
    await expectError(
      await request.patch(`/api/v1/projects/${p.id}`, { headers: h, data: { description: 'x' } }),
      404,
    );
    const mine = (await (await request.get('/api/v1/projects', { headers: h })).json()) as {
      items: { id: string }[];
    };
    expect(mine.items.map((i) => i.id)).not.toContain(p.id);

    const added = await request.post(`/api/v1/projects/${p.id}/members`, {
      headers: admin,
      data: { email: user.email, role: 'VIEWER' },
    });
    expect(added.status(), await added.text()).toBe(201);
    const seen = await request.get(`/api/v1/projects/${p.id}`, { headers: h });
    expect(seen.status()).toBe(200);
    expect(((await seen.json()) as { role: string }).role).toBe('VIEWER');

    await expectError(
      await request.patch(`/api/v1/projects/${p.id}`, { headers: h, data: { description: 'x' } }),
      403,
      'FORBIDDEN',
    );
    await expectError(await request.delete(`/api/v1/projects/${p.id}`, { headers: h }), 403);
    await expectError(
      await request.post(`/api/v1/projects/${p.id}/members`, {
        headers: h,
        data: { email: user.email, role: 'ADMIN' },
      }),
      403,
    );
    const members = (await (
      await request.get(`/api/v1/projects/${p.id}/members`, { headers: h })
    ).json()) as { items: { email: string; role: string }[] };
    expect(members.items).toContainEqual(
      expect.objectContaining({ email: user.email, role: 'VIEWER' }),
    );
  });

  test('rename, change a role, remove a member, delete the project', async ({ request }) => {
    const admin = await bearerFor(request);
    const p = await makeProject(request, admin);
    const user = await makeUser(request, admin);
    const renamed = unique('renamed');
    const patch = await request.patch(`/api/v1/projects/${p.id}`, {
      headers: admin,
      data: { name: renamed, description: 'new words' },
    });
    expect(patch.status()).toBe(200);
    expect(await patch.json()).toMatchObject({ name: renamed, description: 'new words' });

    const url = `/api/v1/projects/${p.id}/members`;
    await request.post(url, { headers: admin, data: { email: user.email, role: 'VIEWER' } });
    await request.post(url, { headers: admin, data: { email: user.email, role: 'DEVELOPER' } });
    const got = await request.get(`/api/v1/projects/${p.id}`, { headers: user.headers });
    expect(((await got.json()) as { role: string }).role).toBe('DEVELOPER');
    await expectError(
      await request.post(url, {
        headers: admin,
        data: { email: 'nobody@example.com', role: 'VIEWER' },
      }),
      404,
    );
    await expectError(
      await request.post(url, { headers: admin, data: { email: user.email, role: 'OWNER' } }),
      422,
    );

    const removed = await request.delete(`${url}/${user.id}`, { headers: admin });
    expect(removed.status()).toBe(204);
    await expectError(
      await request.get(`/api/v1/projects/${p.id}`, { headers: user.headers }),
      404,
    );

    const del = await request.delete(`/api/v1/projects/${p.id}`, { headers: admin });
    expect(del.status()).toBe(204);
    await expectError(await request.get(`/api/v1/projects/${p.id}`, { headers: admin }), 404);
  });

  test('lists paginate with a cursor', async ({ request }) => {
    const admin = await bearerFor(request);
    const user = await makeUser(request, admin);
    const names = [unique('a'), unique('b'), unique('c')];
    for (const n of names) await makeProject(request, user.headers, n);
    const first = (await (
      await request.get('/api/v1/projects?limit=2', { headers: user.headers })
    ).json()) as { items: { name: string }[]; nextCursor: string | null };
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (
      await request.get(
        `/api/v1/projects?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
        { headers: user.headers },
      )
    ).json()) as { items: { name: string }[]; nextCursor: string | null };
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i) => i.name).sort()).toEqual(names.sort());
    await expectError(
      await request.get('/api/v1/projects?cursor=garbage!', { headers: user.headers }),
      400,
    );
  });
});

test.describe('users', () => {
  test('administrators manage users; everyone else gets 403 but sees /me', async ({ request }) => {
    const admin = await bearerFor(request);
    const user = await makeUser(request, admin);
    const h = user.headers;
    await expectError(await request.get('/api/v1/users', { headers: h }), 403, 'FORBIDDEN');
    await expectError(
      await request.post('/api/v1/users', {
        headers: h,
        data: { email: `${unique('x')}@example.com`, password: 'password 123', name: 'X' },
      }),
      403,
    );
    await expectError(
      await request.patch(`/api/v1/users/${user.id}`, { headers: h, data: { admin: true } }),
      403,
    );
    await expectError(await request.delete(`/api/v1/users/${user.id}`, { headers: h }), 403);
    const me = await request.get('/api/v1/me', { headers: h });
    expect(await me.json()).toMatchObject({ id: user.id, email: user.email, admin: false });

    await expectError(
      await request.post('/api/v1/users', {
        headers: admin,
        data: { email: user.email, password: 'password 123', name: 'Dup' },
      }),
      409,
    );
    const edit = await request.patch(`/api/v1/users/${user.id}`, {
      headers: admin,
      data: { name: 'Renamed User' },
    });
    expect(await edit.json()).toMatchObject({ name: 'Renamed User' });
    const listed = await request.get('/api/v1/users?limit=200', { headers: admin });
    expect(await listed.text()).not.toMatch(/passwordHash|argon2|\$2[aby]\$/);
    expect((await request.delete(`/api/v1/users/${user.id}`, { headers: admin })).status()).toBe(
      204,
    );
    await expectError(await request.get(`/api/v1/users/${user.id}`, { headers: admin }), 404);
    // A deleted user's access token stops working.
    await expectError(await request.get('/api/v1/me', { headers: h }), 401);
  });
});
