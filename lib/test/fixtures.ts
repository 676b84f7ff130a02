import crypto from 'node:crypto';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { hashPassword } from '../auth/password';
import type { Ctx } from '../services/context';
import { createProject } from '../services/projects';

/** A user row and its actor; pass admin: true for a system administrator. */
export async function makeUser(
  db: Db,
  opts: { admin?: boolean; password?: string; email?: string } = {},
): Promise<{ actor: Actor; ctx: Ctx; password: string }> {
  const password = opts.password ?? 'password-' + crypto.randomBytes(4).toString('hex');
  const email = opts.email ?? `u-${crypto.randomBytes(5).toString('hex')}@example.com`;
  const [u] = await db
    .insert(users)
    .values({
      email,
      name: email.split('@')[0]!,
      admin: opts.admin ?? false,
      passwordHash: await hashPassword(password),
    })
    .returning();
  const actor: Actor = {
    userId: u!.id,
    email: u!.email,
    name: u!.name,
    admin: u!.admin,
    via: 'session',
  };
  return { actor, ctx: { db, actor }, password };
}

/** A project owned (ADMIN) by the given context's user. */
export async function makeProject(ctx: Ctx, name = `p-${crypto.randomBytes(4).toString('hex')}`) {
  return createProject(ctx, { name, description: '' });
}
