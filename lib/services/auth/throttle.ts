import { eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../api/errors';
import type { DbOrTx } from '../../db/client';
import { loginFailures } from '../../db/schema';

const FREE_ATTEMPTS = 5;
const MAX_DELAY_S = 15 * 60;
/**
 * Failures count while they come within this long of each other; after a quiet hour the count
 * starts again. Without it an address (an office behind one NAT, or a single user's own machine)
 * would collect every typo ever made and end up locked out for 15 minutes at each new one.
 */
const FORGET_AFTER_S = 60 * 60;

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

/**
 * Each failure past the free ones doubles the wait, up to 15 minutes; failures older than an hour
 * before the latest one are forgotten.
 */
export async function recordFailure(
  db: DbOrTx,
  email: string,
  address: string | undefined,
): Promise<void> {
  // The row's count after this failure (SET expressions see the row as it was).
  const next = sql`case when ${loginFailures.updatedAt} < now() - make_interval(secs => ${FORGET_AFTER_S})
    then 1 else ${loginFailures.count} + 1 end`;
  for (const key of keysFor(email, address)) {
    await db
      .insert(loginFailures)
      .values({ key, count: 1, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          count: sql`${next}`,
          updatedAt: new Date(),
          lockedUntil: sql`case when ${next} >= ${FREE_ATTEMPTS}
            then now() + make_interval(secs => least(${MAX_DELAY_S}, power(2, ${next} - ${FREE_ATTEMPTS})::int))
            else null end`,
        },
      });
  }
}

export async function clearFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, `account:${email.toLowerCase()}`));
}
