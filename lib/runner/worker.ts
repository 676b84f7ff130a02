import crypto from 'node:crypto';
import os from 'node:os';
import { and, asc, eq, inArray, isNull, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Db, DbHandle } from '../db/client';
import { executions } from '../db/schema';
import { env } from '../env';
import { pruneLiveEvents } from '../live/sequencer';
import { logger } from '../log';

const PRUNE_EVERY_MS = 10 * 60_000;
import { ExecutionDriver } from './engine';
import { runDueJobs } from './jobs';
import { CancelRequestedError, LeaseLostError } from './store';

export const RUNNER_CHANNEL = 'slipway_runner';

export interface RunnerOptions {
  handle: DbHandle;
  workerId?: string;
  /** How often to look for work when no notification arrives. */
  pollMs?: number;
  /** A claim not renewed for this long is taken over by another worker. */
  leaseMs?: number;
  /** Executions driven at once by this process. */
  maxActive?: number;
}

interface Active {
  token: string;
  controller: AbortController;
}

const ACTIVE_STATUSES = ['QUEUED', 'RUNNING', 'WAITING', 'CANCELING'] as const;

/**
 * The runner: claims executions (FOR UPDATE SKIP LOCKED), keeps their leases alive while driving
 * them, and takes over executions whose worker stopped renewing its lease.
 */
export class Runner {
  readonly workerId: string;
  private readonly db: Db;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxActive: number;
  private readonly active = new Map<string, Active>();
  private readonly running = new Set<Promise<void>>();
  private stopped = true;
  private kicked = false;
  private wakeUp: (() => void) | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private loop: Promise<void> | undefined;
  private jobsBusy = false;

  constructor(private readonly opts: RunnerOptions) {
    this.db = opts.handle.db;
    this.workerId =
      opts.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.pollMs = opts.pollMs ?? 1000;
    this.leaseMs = opts.leaseMs ?? 15_000;
    this.maxActive = opts.maxActive ?? 50;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.unlisten = await this.opts.handle.listen(RUNNER_CHANNEL, (payload) => {
      if (payload.startsWith('cancel:')) this.cancelLocal(payload.slice(7));
      this.kick();
    });
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), Math.max(200, this.leaseMs / 3));
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    this.loop = this.runLoop();
    logger.info({ workerId: this.workerId }, 'runner started');
  }

  /** Stops claiming; in-flight executions are abandoned (their leases are released for takeover). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.kick();
    clearInterval(this.heartbeatTimer);
    clearInterval(this.pruneTimer);
    await this.unlisten?.().catch(() => undefined);
    await this.loop;
    for (const a of this.active.values()) a.controller.abort(new LeaseLostError());
    await Promise.allSettled([...this.running]);
    await this.db
      .update(executions)
      .set({ leaseUntil: null, claimedBy: null, claimToken: null })
      .where(eq(executions.claimedBy, this.workerId))
      .catch((err: unknown) => logger.warn({ err }, 'could not release claims'));
  }

  /** Housekeeping: old live events (any runner may do it; deletes are idempotent). */
  private async prune(): Promise<void> {
    try {
      const n = await pruneLiveEvents(this.db, env().SLIPWAY_LIVE_EVENTS_DAYS);
      if (n > 0) logger.info({ deleted: n }, 'old live events deleted');
    } catch (err) {
      logger.warn({ err }, 'old live events could not be deleted');
    }
  }

  kick(): void {
    this.kicked = true;
    this.wakeUp?.();
  }

  activeCount(): number {
    return this.active.size;
  }

  private cancelLocal(id: string): void {
    this.active.get(id)?.controller.abort(new CancelRequestedError());
  }

  private async runLoop(): Promise<void> {
    while (!this.stopped) {
      this.kicked = false;
      try {
        await this.claimAndStart();
        this.runJobs();
      } catch (err) {
        logger.error({ err }, 'runner could not claim work');
      }
      if (this.kicked || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private runJobs(): void {
    if (this.jobsBusy) return;
    this.jobsBusy = true;
    void runDueJobs(this.db, this.workerId)
      .catch((err: unknown) => logger.error({ err }, 'jobs could not run'))
      .finally(() => {
        this.jobsBusy = false;
      });
  }

  private async claimAndStart(): Promise<void> {
    const room = this.maxActive - this.active.size;
    if (room <= 0) return;
    const mine = [...this.active.keys()];
    const candidates = this.db
      .select({ id: executions.id })
      .from(executions)
      .where(
        and(
          inArray(executions.status, [...ACTIVE_STATUSES]),
          or(isNull(executions.leaseUntil), lt(executions.leaseUntil, sql`now()`)),
          or(isNull(executions.wakeAt), lte(executions.wakeAt, sql`now()`)),
          mine.length ? notInArray(executions.id, mine) : undefined,
          // A QUEUED execution only if it is among the oldest of its pipeline that fit in the
          // pipeline's free places (one claim may find several; first come, first started).
          sql`(${executions.status} <> 'QUEUED' or ${executions.id} in (
                select q.id from (
                  select x.id, x.pipeline_id, x.concurrency,
                    row_number() over (partition by x.pipeline_id order by x.created_at, x.index) as rn
                  from executions x
                  where x.status = 'QUEUED'
                    and (x.lease_until is null or x.lease_until < now())
                    and (x.wake_at is null or x.wake_at <= now())) q
                left join (
                  select r.pipeline_id, count(*) as n from executions r
                  where r.status in ('RUNNING','WAITING','CANCELING')
                    or (r.status = 'QUEUED' and r.lease_until >= now())
                  group by r.pipeline_id) busy on busy.pipeline_id = q.pipeline_id
                where q.rn <= q.concurrency - coalesce(busy.n, 0)))`,
        ),
      )
      .orderBy(asc(executions.createdAt))
      .limit(room)
      .for('update', { skipLocked: true });
    const claimed = await this.db
      .update(executions)
      .set({
        claimedBy: this.workerId,
        claimToken: sql`gen_random_uuid()`,
        leaseUntil: sql`now() + ${this.leaseMs} * interval '1 millisecond'`,
      })
      .where(inArray(executions.id, candidates))
      .returning();
    for (const c of claimed) {
      if (!c.claimToken) continue;
      const controller = new AbortController();
      this.active.set(c.id, { token: c.claimToken, controller });
      const driver = new ExecutionDriver(
        this.db,
        { id: c.id, token: c.claimToken },
        controller.signal,
        (reason) => controller.abort(reason),
        c,
      );
      const p = driver.run().finally(() => {
        this.active.delete(c.id);
        this.running.delete(p);
        this.kick();
      });
      this.running.add(p);
    }
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    try {
      const rows = await this.db
        .update(executions)
        .set({ leaseUntil: sql`now() + ${this.leaseMs} * interval '1 millisecond'` })
        .where(and(eq(executions.claimedBy, this.workerId), inArray(executions.id, ids)))
        .returning({
          id: executions.id,
          token: executions.claimToken,
          cancelRequested: executions.cancelRequested,
        });
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const a = this.active.get(id);
        if (!a || a.controller.signal.aborted) continue;
        const r = byId.get(id);
        if (!r) {
          // Parked or finished between the read of `ids` and now: not a loss.
          const [still] = await this.db
            .select({ token: executions.claimToken })
            .from(executions)
            .where(eq(executions.id, id));
          if (this.active.get(id) === a && still?.token && still.token !== a.token) {
            a.controller.abort(new LeaseLostError());
          }
          continue;
        }
        if (r.token !== a.token) a.controller.abort(new LeaseLostError());
        else if (r.cancelRequested) a.controller.abort(new CancelRequestedError());
      }
    } catch (err) {
      logger.warn({ err }, 'runner heartbeat failed');
    }
  }
}
