import { inArray } from 'drizzle-orm';
import { getDbHandle, type DbHandle } from '../db/client';
import { LIVE_CHANNEL } from '../db/notify';
import { liveEvents } from '../db/schema';
import { logger } from '../log';

export type LiveEventRow = typeof liveEvents.$inferSelect;
type Listener = (ev: LiveEventRow) => void;

/**
 * One LISTEN per process on `slipway_live`; notifications carry event ids, which are fetched in
 * batches and handed to the subscribers (SSE streams) of this process.
 */
class LiveHub {
  private listeners = new Set<Listener>();
  private pending: number[] = [];
  private flushing: Promise<void> | undefined;
  private started: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;

  constructor(private readonly handle: () => Promise<DbHandle>) {}

  async subscribe(fn: Listener): Promise<() => void> {
    await this.start();
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const h = await this.handle();
      this.unlisten = await h.listen(LIVE_CHANNEL, (payload) => {
        if (this.stopped) return;
        const id = Number(payload);
        if (!Number.isFinite(id)) return;
        this.pending.push(id);
        this.schedule(h);
      });
    })().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  /** Stops following (tests, shutdown); pending notifications are dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.length = 0;
    this.listeners.clear();
    await this.flushing;
    await this.unlisten?.();
  }

  private schedule(h: DbHandle): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      await new Promise((r) => setImmediate(r));
      while (this.pending.length > 0) {
        const ids = this.pending.splice(0, 500);
        try {
          const rows = await h.db.select().from(liveEvents).where(inArray(liveEvents.id, ids));
          rows.sort((a, b) => a.id - b.id);
          for (const row of rows) for (const l of this.listeners) l(row);
        } catch (err) {
          logger.error({ err }, 'live events could not be read');
        }
      }
    })().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.schedule(h);
    });
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
