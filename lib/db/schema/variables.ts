import { pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { pipelines } from './pipelines';
import { projects } from './projects';
import { users } from './users';

export const VARIABLE_TYPES = ['REGULAR', 'SECRET', 'RESTRICTED'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/**
 * Project variables (`${var.NAME}`). REGULAR values are stored as text; SECRET and RESTRICTED
 * values only encrypted (value_enc, AES-256-GCM), with `value` left empty.
 */
export const variables = pgTable(
  'variables',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type', { enum: VARIABLE_TYPES }).notNull(),
    value: text('value').notNull().default(''),
    valueEnc: text('value_enc'),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('variables_project_name_idx').on(t.projectId, t.name)],
);

/** The pipelines an administrator allowed to use a RESTRICTED variable. */
export const variablePipelines = pgTable(
  'variable_pipelines',
  {
    variableId: uuid('variable_id')
      .notNull()
      .references(() => variables.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.variableId, t.pipelineId] })],
);

export type VariableRow = typeof variables.$inferSelect;
