import { eq } from 'drizzle-orm';
import { AppError } from '../../api/errors';
import { verifyPassword } from '../../auth/password';
import type { Actor } from '../../auth/actor';
import type { DbOrTx } from '../../db/client';
import { users } from '../../db/schema';
import { assertNotThrottled, clearFailures, recordFailure } from './throttle';

/** Email + password → actor. The error never says which of the two was wrong. */
export async function authenticatePassword(
  db: DbOrTx,
  email: string,
  password: string,
  address?: string,
): Promise<Actor> {
  const normalized = email.trim().toLowerCase();
  await assertNotThrottled(db, normalized, address);
  const [user] = await db.select().from(users).where(eq(users.email, normalized));
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) {
    await recordFailure(db, normalized, address);
    throw new AppError('UNAUTHORIZED', 'Email or password is not correct');
  }
  await clearFailures(db, normalized);
  return { userId: user.id, email: user.email, name: user.name, admin: user.admin, via: 'session' };
}
