import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { dockerWebhooks } from './docker-webhooks';
import { executions } from './executions';

export const EVENT_RESULTS = [
  'TRIGGERED',
  'SKIPPED_DISABLED',
  'NOT_MATCHED',
  'DUPLICATE',
  'REJECTED',
  'FAILED',
] as const;
export type EventResult = (typeof EVENT_RESULTS)[number];

/** What happened to the callback to the registry after the execution ended. */
export interface CallbackOutcome {
  state: 'success' | 'failure';
  delivered: boolean;
  attempts: number;
  /** Last HTTP status or network error, or why it was not sent (host not allowed). */
  message: string;
  at: string;
}

/**
 * One delivery from a registry (the Activity tab). `dedupeKey` is set on the first delivery of
 * a push (repository, tag, pushed_at); the unique index makes a concurrent redelivery lose the
 * race and be stored as DUPLICATE, with no key of its own.
 */
export const registryEvents = pgTable(
  'registry_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => dockerWebhooks.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    repository: text('repository'),
    tag: text('tag'),
    images: jsonb('images').$type<string[]>().notNull().default([]),
    owner: text('owner'),
    pushedAt: text('pushed_at'),
    callbackUrl: text('callback_url'),
    payload: jsonb('payload').$type<unknown>(),
    result: text('result', { enum: EVENT_RESULTS }).notNull(),
    reason: text('reason').notNull().default(''),
    executionId: uuid('execution_id').references(() => executions.id, { onDelete: 'set null' }),
    /** Resubmitted from this event (the new execution's event points at the original). */
    resubmittedFrom: uuid('resubmitted_from'),
    dedupeKey: text('dedupe_key'),
    callback: jsonb('callback').$type<CallbackOutcome>(),
  },
  (t) => [
    uniqueIndex('registry_events_dedupe_idx').on(t.webhookId, t.dedupeKey),
    index('registry_events_project_idx').on(t.projectId, t.receivedAt),
    index('registry_events_webhook_idx').on(t.webhookId, t.receivedAt),
    index('registry_events_execution_idx').on(t.executionId),
  ],
);

export type RegistryEventRow = typeof registryEvents.$inferSelect;
