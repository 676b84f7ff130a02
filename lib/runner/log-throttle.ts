import { logger } from '../log';

/** At most this many `task.log` live events per second per task. */
export const TASK_LOG_EVENTS_PER_SECOND = 4;

/**
 * Rate limit for `task.log` live events of one driver: the first line after a quiet period
 * announces itself at once (in the transaction that appends it); lines inside the interval are
 * announced by one trailing event when it ends, so the last line is never left unannounced.
 */
export class LogThrottle {
  private readonly last = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly intervalMs = 1000 / TASK_LOG_EVENTS_PER_SECOND) {}

  /**
   * True when the caller may publish now (and must, with its append). Otherwise a trailing
   * `later` is scheduled once for the key, unless one is already pending.
   */
  take(key: string, later: () => Promise<void>): boolean {
    const now = Date.now();
    const since = now - (this.last.get(key) ?? 0);
    if (this.timers.has(key)) return false;
    if (since >= this.intervalMs) {
      this.last.set(key, now);
      return true;
    }
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.last.set(key, Date.now());
      later().catch((err: unknown) => logger.warn({ err, key }, 'task.log event was not sent'));
    }, this.intervalMs - since);
    timer.unref?.();
    this.timers.set(key, timer);
    return false;
  }

  /** Drops a pending trailing event (the status change that follows refreshes the log anyway). */
  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
