import { asc, gt, isNotNull, max } from 'drizzle-orm';
import { getDbHandle, type DbHandle } from '../db/client';
import { LIVE_CHANNEL } from '../db/notify';
import { liveEvents } from '../db/schema';
import { logger } from '../log';
import { LIVE_SEQ_CHANNEL, sequenceLiveEvents } from './sequencer';

/** A live event the sequencer has numbered: `seq` is its SSE id. */
export type LiveEventRow = typeof liveEvents.$inferSelect & { seq: number };
type Listener = (ev: LiveEventRow) => void;

const FETCH = 1000;
/** Safety net for a NOTIFY lost while the LISTEN connection was reconnecting. */
const SWEEP_MS = 2000;

/**
 * One per process, started by the first subscriber (an SSE stream). It LISTENs on
 * `slipway_live` (a writer committed events) and `slipway_live_seq` (some process numbered
 * events); on the first it runs the sequencer, on either it reads the rows numbered after the
 * last one it handed out, in `seq` order, and gives them to the subscribers of this process.
 */
class LiveHub {
  private listeners = new Set<Listener>();
  private cursor = 0;
  private wantSequence = false;
  private wantFetch = false;
  private running: Promise<void> | undefined;
  private started: Promise<void> | undefined;
  private unlisten: (() => Promise<void>)[] = [];
  private sweep: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  /** Notifications are only acted on once the cursor is set (start). */
  private ready = false;

  constructor(private readonly handle: () => Promise<DbHandle>) {}

  async subscribe(fn: Listener): Promise<() => void> {
    await this.start();
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const h = await this.handle();
      this.unlisten.push(
        await h.listen(LIVE_CHANNEL, () => this.kick(h, true)),
        await h.listen(LIVE_SEQ_CHANNEL, () => this.kick(h, false)),
      );
      // Number what was written before anyone listened, then follow from the newest row.
      await sequenceLiveEvents(h.db);
      const [m] = await h.db
        .select({ m: max(liveEvents.seq) })
        .from(liveEvents)
        .where(isNotNull(liveEvents.seq));
      this.cursor = Number(m?.m ?? 0);
      this.ready = true;
      this.kick(h, true);
      this.sweep = setInterval(() => this.kick(h, true), SWEEP_MS);
      this.sweep.unref?.();
    })().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  /** Stops following (tests, shutdown); events not yet handed out are dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    if (this.sweep) clearInterval(this.sweep);
    await this.running;
    await Promise.all(this.unlisten.map((u) => u()));
  }

  private kick(h: DbHandle, sequence: boolean): void {
    if (this.stopped || !this.ready) return;
    if (sequence) this.wantSequence = true;
    this.wantFetch = true;
    this.running ??= this.run(h).then((ok) => {
      this.running = undefined;
      // After a failure the sweep retries, so a database outage is not a busy loop.
      if (ok && this.wantFetch && !this.stopped) this.kick(h, this.wantSequence);
    });
  }

  private async run(h: DbHandle): Promise<boolean> {
    // Let a burst of notifications coalesce into one round.
    await new Promise((r) => setImmediate(r));
    while (this.wantFetch && !this.stopped) {
      const sequence = this.wantSequence;
      this.wantSequence = false;
      this.wantFetch = false;
      try {
        if (sequence) await sequenceLiveEvents(h.db);
        for (;;) {
          const rows = (await h.db
            .select()
            .from(liveEvents)
            .where(gt(liveEvents.seq, this.cursor))
            .orderBy(asc(liveEvents.seq))
            .limit(FETCH)) as LiveEventRow[];
          for (const row of rows) {
            this.cursor = row.seq;
            for (const l of this.listeners) l(row);
          }
          if (rows.length < FETCH) break;
        }
      } catch (err) {
        logger.error({ err }, 'live events could not be sequenced or read; retrying');
        this.wantSequence = true;
        return false;
      }
    }
    return true;
  }
}

const g = globalThis as unknown as { __slipwayLiveHub?: LiveHub };

export function liveHub(): LiveHub {
  return (g.__slipwayLiveHub ??= new LiveHub(getDbHandle));
}

/** For tests: a hub bound to a given database handle. */
export function createLiveHub(handle: DbHandle): LiveHub {
  return new LiveHub(() => Promise.resolve(handle));
}
export type { LiveHub };
