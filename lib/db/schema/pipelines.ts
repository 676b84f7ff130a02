import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { projects } from './projects';
import { users } from './users';

/**
 * Pipelines. The document is kept as JSON *text* (not jsonb): jsonb reorders object keys, and
 * stages, tasks and inputs must come back in the order the user wrote them (exact YAML round
 * trip). name/enabled/concurrency are copied out of the document for listing and lookups.
 */
export const pipelines = pgTable(
  'pipelines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    enabled: boolean('enabled').notNull().default(true),
    concurrency: integer('concurrency').notNull().default(10),
    autoInject: text('auto_inject'),
    document: text('document').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pipelines_project_name_idx').on(t.projectId, t.name),
    index('pipelines_created_idx').on(t.createdAt, t.id),
  ],
);

export type PipelineRow = typeof pipelines.$inferSelect;
