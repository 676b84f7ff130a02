import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { projects } from './projects';
import { users } from './users';

export const EXECUTION_STATUSES = [
  'QUEUED',
  'RUNNING',
  'WAITING',
  'CANCELING',
  'CANCELED',
  'COMPLETED',
  'FAILED',
  'ROLLING_BACK',
  'ROLLBACK_FAILED',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const FINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'CANCELED',
  'COMPLETED',
  'FAILED',
  'ROLLBACK_FAILED',
];

export const STEP_STATUSES = [
  'NOT_STARTED',
  'RUNNING',
  'WAITING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'SKIPPED',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** What started an execution (shown as "started by"; the Docker trigger keeps its callback here). */
export interface ExecutionTrigger {
  type: 'USER' | 'WEBHOOK' | 'RERUN';
  userId?: string;
  webhookId?: string;
  webhookName?: string;
  registryEventId?: string;
  imageTag?: string;
  callbackUrl?: string;
  rerunOf?: string;
  [key: string]: unknown;
}

export interface StageState {
  name: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
}

/**
 * One run of a pipeline. The runner claims a row (claimed_by/claim_token/lease_until) and drives
 * it; every write it makes is fenced by claim_token, so a worker that lost its lease cannot
 * overwrite the state of the worker that took over.
 */
export const executions = pgTable(
  'executions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id').notNull(),
    pipelineName: text('pipeline_name').notNull(),
    index: integer('index').notNull(),
    status: text('status', { enum: EXECUTION_STATUSES }).notNull().default('QUEUED'),
    inputs: jsonb('inputs').notNull().$type<Record<string, unknown>>(),
    outputs: jsonb('outputs').$type<Record<string, unknown>>(),
    trigger: jsonb('trigger').notNull().$type<ExecutionTrigger>(),
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
    /** The pipeline document as it was when the execution was created. */
    pipeline: jsonb('pipeline').notNull().$type<Record<string, unknown>>(),
    concurrency: integer('concurrency').notNull().default(10),
    stages: jsonb('stages').notNull().$type<StageState[]>(),
    message: text('message'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    claimedBy: text('claimed_by'),
    claimToken: uuid('claim_token'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** Not claimable before this time (approval expiry, retry back-off); null = now. */
    wakeAt: timestamp('wake_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('executions_pipeline_index_uq').on(t.pipelineId, t.index),
    index('executions_project_created_idx').on(t.projectId, t.createdAt, t.id),
    index('executions_created_idx').on(t.createdAt, t.id),
    index('executions_claim_idx')
      .on(t.createdAt)
      .where(sql`status in ('QUEUED','RUNNING','WAITING','CANCELING')`),
    index('executions_pipeline_status_idx').on(t.pipelineId, t.status),
  ],
);

/** One row per task of an execution (created with the execution, NOT_STARTED). */
export const executionTasks = pgTable(
  'execution_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    executionId: uuid('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    task: text('task').notNull(),
    type: text('type').notNull(),
    stageIndex: integer('stage_index').notNull(),
    groupIndex: integer('group_index').notNull(),
    status: text('status', { enum: STEP_STATUSES }).notNull().default('NOT_STARTED'),
    /** Resolved input, secrets masked. */
    input: jsonb('input').$type<Record<string, unknown>>(),
    /** Output, secrets masked. */
    output: jsonb('output').$type<Record<string, unknown>>(),
    message: text('message'),
    attempt: integer('attempt').notNull().default(0),
    /** USER_OPERATION: when the approval expires. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('execution_tasks_uq').on(t.executionId, t.stage, t.task)],
);

/** A task's log, capped in size (truncated = true once the cap was reached). */
export const executionLogs = pgTable('execution_logs', {
  taskId: uuid('task_id')
    .primaryKey()
    .references(() => executionTasks.id, { onDelete: 'cascade' }),
  executionId: uuid('execution_id')
    .notNull()
    .references(() => executions.id, { onDelete: 'cascade' }),
  content: text('content').notNull().default(''),
  truncated: boolean('truncated').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The last execution number handed out per pipeline. Bumped in its own one-statement
 * transaction before the execution's transaction opens, so concurrent runs of one pipeline never
 * wait on each other; a run that fails to be created leaves a gap in the numbers.
 */
export const executionCounters = pgTable('execution_counters', {
  pipelineId: uuid('pipeline_id').primaryKey(),
  lastIndex: integer('last_index').notNull(),
});
