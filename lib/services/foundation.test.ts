import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFailures } from '../db/schema';
import { assertNotThrottled, recordFailure } from './auth/throttle';
import { AppError } from '../api/errors';
import type { Db } from '../db/client';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { makeProject, makeUser } from '../test/fixtures';
import {
  addMember,
  deleteProject,
  getProject,
  listProjects,
  removeMember,
  updateProject,
} from './projects';
import {
  actorFromAccessToken,
  createApiToken,
  exchangeRefreshToken,
  listApiTokens,
  revokeApiToken,
} from './tokens';
import { countUsers, setupFirstAdmin } from './users';

async function expectCode(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
}

describe.each(DATABASE_KINDS)('foundation services on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
  });
  afterAll(async () => tdb.destroy());

  it('creates the first administrator once, then refuses with 409', async () => {
    expect(await countUsers(db)).toBe(0);
    const admin = await setupFirstAdmin(db, {
      email: 'first@example.com',
      password: 'password1',
      name: 'First',
    });
    expect(admin.admin).toBe(true);
    await expectCode(
      setupFirstAdmin(db, { email: 'second@example.com', password: 'password1', name: 'S' }),
      'CONFLICT',
    );
  });

  it('hides projects from non-members (404) and enforces roles (403)', async () => {
    const owner = await makeUser(db);
    const stranger = await makeUser(db);
    const viewer = await makeUser(db);
    const p = await makeProject(owner.ctx);
    await expectCode(getProject(stranger.ctx, p.id), 'NOT_FOUND');
    await expectCode(getProject(stranger.ctx, p.name), 'NOT_FOUND');
    expect((await listProjects(stranger.ctx)).map((x) => x.id)).not.toContain(p.id);
    await addMember(owner.ctx, p.id, { email: viewer.actor.email, role: 'VIEWER' });
    expect((await getProject(viewer.ctx, p.name)).role).toBe('VIEWER');
    await expectCode(updateProject(viewer.ctx, p.id, { description: 'x' }), 'FORBIDDEN', /ADMIN/);
    await expectCode(deleteProject(viewer.ctx, p.id), 'FORBIDDEN');
    await expectCode(
      removeMember(owner.ctx, p.id, owner.actor.userId),
      'CONFLICT',
      /at least one ADMIN/,
    );
  });

  it('rejects a duplicate project name with 409', async () => {
    const owner = await makeUser(db);
    const p = await makeProject(owner.ctx);
    await expectCode(makeProject(owner.ctx, p.name), 'CONFLICT');
  });

  it('issues refresh and access tokens, and a revoked token stops working with a clear message', async () => {
    const u = await makeUser(db, { password: 'secret-pass-1' });
    await expectCode(
      createApiToken(db, { email: u.actor.email, password: 'wrong' }),
      'UNAUTHORIZED',
      /Email or password/,
    );
    const created = await createApiToken(db, {
      email: u.actor.email,
      password: 'secret-pass-1',
      name: 'ci',
    });
    expect(created.refreshToken).toMatch(/^swr_/);
    const months = (new Date(created.expiresAt).getTime() - Date.now()) / (30 * 24 * 3600 * 1000);
    expect(months).toBeGreaterThan(5.9);
    const { accessToken, expiresIn } = await exchangeRefreshToken(db, created.refreshToken);
    expect(expiresIn).toBeLessThanOrEqual(3600);
    expect((await actorFromAccessToken(db, accessToken)).userId).toBe(u.actor.userId);
    await expectCode(
      actorFromAccessToken(db, created.refreshToken),
      'UNAUTHORIZED',
      /refresh token/,
    );
    const listed = await listApiTokens(u.ctx);
    expect(listed[0]).toMatchObject({ name: 'ci', status: 'ACTIVE' });
    expect(JSON.stringify(listed)).not.toContain(created.refreshToken);
    await revokeApiToken(u.ctx, created.id);
    await expectCode(actorFromAccessToken(db, accessToken), 'UNAUTHORIZED');
    await expectCode(exchangeRefreshToken(db, created.refreshToken), 'UNAUTHORIZED', /revoked/);
  });

  it('forgets failed sign-ins of an address after a quiet hour', async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const email = `nobody-${Math.random().toString(36).slice(2)}@example.com`;
    for (let i = 0; i < 5; i++) await recordFailure(db, email, address);
    await expectCode(assertNotThrottled(db, `other-${email}`, address), 'RATE_LIMITED');
    // An hour later (the rows aged by hand), one more typo is the first of a new count.
    await db
      .update(loginFailures)
      .set({ updatedAt: sql`now() - interval '2 hours'`, lockedUntil: null })
      .where(inArray(loginFailures.key, [`address:${address}`, `account:${email}`]));
    await recordFailure(db, email, address);
    await assertNotThrottled(db, `other-${email}`, address);
    const [row] = await db
      .select()
      .from(loginFailures)
      .where(eq(loginFailures.key, `address:${address}`));
    expect(row!.count).toBe(1);
  });

  it('slows down repeated failed sign-ins for an account with a clear message', async () => {
    const u = await makeUser(db, { password: 'right-password' });
    for (let i = 0; i < 5; i++) {
      await expectCode(
        createApiToken(db, { email: u.actor.email, password: 'nope' }),
        'UNAUTHORIZED',
      );
    }
    await expectCode(
      createApiToken(db, { email: u.actor.email, password: 'right-password' }),
      'RATE_LIMITED',
      /Try again in/,
    );
  });
});
