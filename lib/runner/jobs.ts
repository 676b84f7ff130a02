import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { notifyOnCommit } from '../db/commit-signals';
import type { Db, DbOrTx } from '../db/client';
import { jobs } from '../db/schema';
import { logger } from '../log';

export type JobPayload = Record<string, unknown>;
export type JobHandler = (
  payload: JobPayload,
  job: { id: number; attempt: number },
) => Promise<void>;

interface Registered {
  fn: JobHandler;
  maxAttempts: number;
}

const g = globalThis as unknown as { __slipwayJobHandlers?: Map<string, Registered> };
const handlers = (g.__slipwayJobHandlers ??= new Map<string, Registered>());

/** Registers the code that runs jobs of a name (in every process that runs the runner). */
export function registerJobHandler(
  name: string,
  fn: JobHandler,
  opts: { maxAttempts?: number } = {},
): void {
  handlers.set(name, { fn, maxAttempts: opts.maxAttempts ?? 8 });
}

export function registeredJobNames(): string[] {
  return [...handlers.keys()];
}

/**
 * Records a job in the caller's transaction: it runs (at least once, retried with back-off) only
 * if that transaction commits.
 */
export async function enqueueJob(
  tx: DbOrTx,
  name: string,
  payload: JobPayload,
  opts: { runAt?: Date; maxAttempts?: number } = {},
): Promise<number> {
  const [row] = await tx
    .insert(jobs)
    .values({
      name,
      payload,
      ...(opts.runAt && { runAt: opts.runAt }),
      maxAttempts: opts.maxAttempts ?? handlers.get(name)?.maxAttempts ?? 8,
    })
    .returning({ id: jobs.id });
  await notifyOnCommit(tx, 'slipway_runner', 'wake');
  return row!.id;
}

const LOCK_MS = 5 * 60_000;

/** Claims due jobs that this process has handlers for, and runs them. Returns how many ran. */
export async function runDueJobs(db: Db, workerId: string, limit = 10): Promise<number> {
  const names = registeredJobNames();
  if (names.length === 0) return 0;
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.name, names),
        or(
          and(eq(jobs.status, 'PENDING'), lte(jobs.runAt, sql`now()`)),
          and(
            eq(jobs.status, 'RUNNING'),
            or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, sql`now()`)),
          ),
        ),
      ),
    )
    .orderBy(asc(jobs.runAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(jobs)
    .set({
      status: 'RUNNING',
      lockedBy: workerId,
      lockedUntil: sql`now() + ${LOCK_MS} * interval '1 millisecond'`,
      attempts: sql`${jobs.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(inArray(jobs.id, due))
    .returning();
  await Promise.all(
    claimed.map(async (job) => {
      const h = handlers.get(job.name);
      try {
        if (!h) throw new Error(`no handler for job ${job.name}`);
        await h.fn(job.payload, { id: job.id, attempt: job.attempts });
        await db
          .update(jobs)
          .set({ status: 'DONE', lockedUntil: null, lastError: null, updatedAt: sql`now()` })
          .where(eq(jobs.id, job.id));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const final = job.attempts >= job.maxAttempts;
        logger.warn(
          { err, job: job.name, jobId: job.id, attempt: job.attempts, final },
          'job failed',
        );
        const backoffMs = Math.min(3600_000, 1000 * 2 ** job.attempts);
        await db
          .update(jobs)
          .set({
            status: final ? 'FAILED' : 'PENDING',
            lockedUntil: null,
            lastError: message.slice(0, 2000),
            runAt: sql`now() + ${backoffMs} * interval '1 millisecond'`,
            updatedAt: sql`now()`,
          })
          .where(eq(jobs.id, job.id));
      }
    }),
  );
  return claimed.length;
}
