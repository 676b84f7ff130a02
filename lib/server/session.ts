import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { eq } from 'drizzle-orm';
import { authOptions } from '../auth/next-auth';
import { getDb } from '../db/client';
import { users } from '../db/schema';
import { countUsers } from '../services/users';
import type { Actor } from '../auth/actor';

/** For server components of the console: setup first, then sign-in, then the actor. */
export async function requirePageActor(): Promise<Actor> {
  const db = await getDb();
  if ((await countUsers(db)) === 0) redirect('/setup');
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  if (!session?.userId) redirect(await loginUrl());
  const [u] = await db.select().from(users).where(eq(users.id, session.userId));
  if (!u) redirect(await loginUrl());
  return { userId: u.id, email: u.email, name: u.name, admin: u.admin, via: 'session' };
}

export async function needsSetup(): Promise<boolean> {
  return (await countUsers(await getDb())) === 0;
}

/** /login, remembering the page asked for (only local paths, never another site). */
async function loginUrl(): Promise<string> {
  const path = (await headers()).get('x-slipway-path');
  if (!path || !path.startsWith('/') || path.startsWith('//') || path === '/') return '/login';
  return `/login?callbackUrl=${encodeURIComponent(path)}`;
}
