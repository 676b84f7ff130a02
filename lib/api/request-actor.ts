import { eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import type { Actor } from '../auth/actor';
import { authOptions } from '../auth/next-auth';
import type { DbOrTx } from '../db/client';
import { users } from '../db/schema';
import { actorFromAccessToken } from '../services/tokens';
import { AppError, unauthorized } from './errors';

/** Bearer access token first; else the console's session cookie; else 401. */
export async function actorFromRequest(db: DbOrTx, headers: Headers): Promise<Actor> {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw new AppError('UNAUTHORIZED', 'Authorization must be "Bearer <access token>"');
    return actorFromAccessToken(db, m[1]!);
  }
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  if (!session?.userId) throw unauthorized();
  const [u] = await db.select().from(users).where(eq(users.id, session.userId));
  if (!u) throw unauthorized('Your account no longer exists; sign in again');
  return { userId: u.id, email: u.email, name: u.name, admin: u.admin, via: 'session' };
}
