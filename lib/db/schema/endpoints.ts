import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const ENDPOINT_TYPES = ['DOCKER_REGISTRY', 'KUBERNETES'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

/** The outcome of the last *Validate*, kept so the list can show it. */
export interface EndpointValidation {
  ok: boolean;
  message: string;
  at: string;
}

/**
 * Connections to outside systems. `properties` holds what may be shown (URL, server type,
 * username, accepted fingerprint, namespace…); every credential lives in `secrets`, one
 * AES-256-GCM encrypted JSON object, and never leaves the server.
 */
export const endpoints = pgTable(
  'endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type', { enum: ENDPOINT_TYPES }).notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull(),
    secrets: text('secrets'),
    lastValidation: jsonb('last_validation').$type<EndpointValidation>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('endpoints_project_name_idx').on(t.projectId, t.name)],
);
