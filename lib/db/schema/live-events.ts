import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Hands out `live_events.seq` in commit order (lib/live/sequencer.ts is its only user). */
export const liveEventsSeq = pgSequence('live_events_seq');

/**
 * Every change the browser should see live. A writer inserts its row (seq null) and NOTIFYs
 * `slipway_live` in its own transaction, without any lock; the sequencer then numbers committed
 * rows in one serialised step, so `seq` grows in commit order. SSE streams use `seq` as the
 * event id: replaying after Last-Event-ID can never skip a row that committed late.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null until the sequencer numbers the row (within milliseconds of its commit). */
    seq: bigint('seq', { mode: 'number' }),
    projectId: uuid('project_id'),
    /** e.g. "execution:<uuid>", "registry-events", "executions" */
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull().$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('live_events_seq_idx').on(t.seq),
    index('live_events_topic_seq_idx').on(t.topic, t.seq),
    index('live_events_unsequenced_idx')
      .on(t.id)
      .where(sql`seq is null`),
  ],
);
