import { boolean, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { endpoints } from './endpoints';
import { pipelines } from './pipelines';
import { projects } from './projects';
import { apiTokens } from './tokens';
import { users } from './users';

export const SYNC_STATES = ['SYNCED', 'NOT_SYNCED'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/**
 * Docker Hub triggers. The secure token that authenticates deliveries is kept twice: encrypted
 * (so members can see the hook URL again) and as a SHA-256 (looked up through a unique index, so
 * finding the webhook does not compare secrets byte by byte). The API token is referenced by
 * id only: executions run as its user, and its state is checked at trigger time.
 */
export const dockerWebhooks = pgTable(
  'docker_webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'restrict' }),
    /** A pipeline in use by a webhook cannot be deleted (deletePipeline says which webhook). NO
     * ACTION, not RESTRICT: checked at the end of the statement, so deleting a project, which
     * cascades to both tables, still works. */
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'no action' }),
    repoNamespace: text('repo_namespace').notNull(),
    repoName: text('repo_name').notNull(),
    tagPattern: text('tag_pattern').notNull().default('*'),
    inputs: jsonb('inputs').$type<Record<string, string>>().notNull().default({}),
    apiTokenId: uuid('api_token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    enabled: boolean('enabled').notNull().default(true),
    secureTokenEnc: text('secure_token_enc').notNull(),
    secureTokenHash: text('secure_token_hash').notNull(),
    syncState: text('sync_state', { enum: SYNC_STATES }).notNull().default('NOT_SYNCED'),
    syncMessage: text('sync_message').notNull().default(''),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    /** Where the Hub pipeline lives now (`namespace/name` + slug), to update or delete it later. */
    hubRepository: text('hub_repository'),
    hubSlug: text('hub_slug'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('docker_webhooks_project_name_idx').on(t.projectId, t.name),
    uniqueIndex('docker_webhooks_secure_token_idx').on(t.secureTokenHash),
  ],
);

export type DockerWebhookRow = typeof dockerWebhooks.$inferSelect;
