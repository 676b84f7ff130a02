import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every change the browser should see live. The SSE routes replay rows after Last-Event-ID,
 * then follow NOTIFY on channel `slipway_live` (payload = the row id).
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: uuid('project_id'),
    /** e.g. "execution:<uuid>", "registry-events", "executions" */
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull().$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('live_events_topic_idx').on(t.topic, t.id)],
);
