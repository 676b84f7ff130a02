import { and, asc, eq, gt, inArray, max, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { liveEvents } from '../db/schema';
import { logger } from '../log';
import { liveHub, type LiveEventRow, type LiveHub } from './hub';

export interface LiveStreamOptions {
  db: DbOrTx;
  topic: string;
  /** Only events of these projects (null = any). */
  projectIds?: string[] | null;
  /** From the Last-Event-ID header (or ?lastEventId=): replay everything after it. */
  lastEventId?: number;
  /** Without lastEventId: replay the whole topic (true) or start from now (false). */
  replayAll?: boolean;
  signal: AbortSignal;
  heartbeatMs?: number;
  hub?: LiveHub;
}

const encoder = new TextEncoder();

/** The SSE id of an event is its `seq` (commit order), so Last-Event-ID resumes without gaps. */
export function formatSse(ev: Pick<LiveEventRow, 'seq' | 'type' | 'data'>): string {
  return `id: ${ev.seq}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev.data)}\n\n`;
}

export function parseLastEventId(req: Request): number | undefined {
  const raw =
    req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('lastEventId') ?? '';
  const n = Number(raw);
  return raw !== '' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A text/event-stream response: subscribe first (buffering), replay from the database after
 * Last-Event-ID, then follow live notifications; ids already sent are never sent again.
 */
export function liveStreamResponse(opts: LiveStreamOptions): Response {
  const hub = opts.hub ?? liveHub();
  const matches = (ev: LiveEventRow) =>
    ev.topic === opts.topic &&
    (!opts.projectIds || (ev.projectId !== null && opts.projectIds.includes(ev.projectId)));
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastSent = opts.lastEventId ?? 0;
      let replaying = true;
      const buffered: LiveEventRow[] = [];
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch (err) {
          logger.debug({ err }, 'live stream closed while sending');
          close();
        }
      };
      const emit = (ev: LiveEventRow) => {
        if (ev.seq <= lastSent) return;
        lastSent = ev.seq;
        send(formatSse(ev));
      };
      const unsubscribe = await hub.subscribe((ev) => {
        if (!matches(ev)) return;
        if (replaying) buffered.push(ev);
        else emit(ev);
      });
      const heartbeat = setInterval(() => send(': ping\n\n'), opts.heartbeatMs ?? 15_000);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client going away; nothing left to release
        }
      };
      cleanup = close;
      opts.signal.addEventListener('abort', close);
      send('retry: 2000\n: connected\n\n');
      try {
        const where: SQL[] = [eq(liveEvents.topic, opts.topic)];
        if (opts.projectIds) where.push(inArray(liveEvents.projectId, opts.projectIds));
        if (opts.lastEventId === undefined && !opts.replayAll) {
          const [m] = await opts.db
            .select({ m: max(liveEvents.seq) })
            .from(liveEvents)
            .where(and(...where));
          lastSent = Number(m?.m ?? 0);
        }
        for (;;) {
          // Rows not numbered yet (seq null) are not matched here; the hub hands them out.
          const rows = (await opts.db
            .select()
            .from(liveEvents)
            .where(and(...where, gt(liveEvents.seq, lastSent)))
            .orderBy(asc(liveEvents.seq))
            .limit(500)) as LiveEventRow[];
          rows.forEach(emit);
          if (rows.length < 500) break;
        }
      } catch (err) {
        logger.error({ err }, 'live stream replay failed');
        close();
        return;
      }
      replaying = false;
      buffered.sort((a, b) => a.seq - b.seq).forEach(emit);
      buffered.length = 0;
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
