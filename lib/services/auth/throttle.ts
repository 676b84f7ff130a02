import { eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../api/errors';
import type { DbOrTx } from '../../db/client';
import { loginFailures } from '../../db/schema';

const FREE_ATTEMPTS = 5;
const MAX_DELAY_S = 15 * 60;

const keysFor = (email: string, address: string | undefined) => [
  `account:${email.toLowerCase()}`,
  ...(address ? [`address:${address}`] : []),
];

/** Refuses while the account or the address is cooling down after repeated failures. */
export async function assertNotThrottled(
  db: DbOrTx,
  email: string,
  address: string | undefined,
): Promise<void> {
  const rows = await db
    .select()
    .from(loginFailures)
    .where(inArray(loginFailures.key, keysFor(email, address)));
  const now = Date.now();
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  if (until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }
}

/** Each failure past the free ones doubles the wait, up to 15 minutes. */
export async function recordFailure(
  db: DbOrTx,
  email: string,
  address: string | undefined,
): Promise<void> {
  for (const key of keysFor(email, address)) {
    await db
      .insert(loginFailures)
      .values({ key, count: 1, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          count: sql`${loginFailures.count} + 1`,
          updatedAt: new Date(),
          lockedUntil: sql`case when ${loginFailures.count} + 1 >= ${FREE_ATTEMPTS}
            then now() + make_interval(secs => least(${MAX_DELAY_S}, power(2, ${loginFailures.count} + 1 - ${FREE_ATTEMPTS})::int))
            else null end`,
        },
      });
  }
}

export async function clearFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, `account:${email.toLowerCase()}`));
}
