import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects';

/**
 * The Kubernetes objects a K8S task applied when it succeeded, kept so that a later ROLLBACK can
 * apply them again. `manifests` is the JSON array of objects, AES-256-GCM encrypted (a manifest
 * may be a Secret). One row per successful execution of a task; older rows are pruned.
 */
export const k8sManifests = pgTable(
  'k8s_manifests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id').notNull(),
    stage: text('stage').notNull(),
    task: text('task').notNull(),
    executionId: uuid('execution_id').notNull(),
    executionIndex: integer('execution_index').notNull(),
    /** The Kubernetes endpoint the objects went to (its name, as the task document named it). */
    endpoint: text('endpoint').notNull(),
    manifests: text('manifests').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('k8s_manifests_task_idx').on(t.pipelineId, t.stage, t.task, t.createdAt)],
);
