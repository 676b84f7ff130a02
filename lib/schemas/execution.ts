import { z } from 'zod';
import { EXECUTION_STATUSES, STEP_STATUSES } from '../db/schema/executions';

export const ExecutionStatus = z.enum(EXECUTION_STATUSES);
export const StepStatus = z.enum(STEP_STATUSES);

export const RunPipelineInput = z
  .object({
    inputs: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .default({}),
  })
  .meta({ id: 'RunPipelineInput' });

export const ApprovalInput = z
  .object({
    stage: z.string().min(1),
    task: z.string().min(1),
    decision: z.enum(['APPROVE', 'REJECT']),
    comment: z.string().max(2000).default(''),
  })
  .meta({ id: 'ApprovalInput' });

export const ExecutionListQuery = z.object({
  pipeline: z.string().optional(),
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim().toUpperCase()) : undefined))
    .pipe(z.array(ExecutionStatus).optional()),
  project: z.string().optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const Trigger = z
  .object({
    type: z.enum(['USER', 'WEBHOOK', 'RERUN']),
    userId: z.string().optional(),
    webhookId: z.string().optional(),
    webhookName: z.string().optional(),
    registryEventId: z.string().optional(),
    imageTag: z.string().optional(),
    rerunOf: z.string().optional(),
  })
  .loose();

const Person = z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable();

export const TaskState = z.object({
  name: z.string(),
  type: z.string(),
  status: StepStatus,
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  input: z.record(z.string(), z.unknown()).nullable(),
  output: z.record(z.string(), z.unknown()).nullable(),
  message: z.string().nullable(),
  attempt: z.number(),
  expiresAt: z.string().nullable(),
});

export const ExecutionSummary = z
  .object({
    id: z.uuid(),
    index: z.number(),
    projectId: z.uuid(),
    pipeline: z.object({ id: z.string(), name: z.string() }),
    status: ExecutionStatus,
    trigger: Trigger,
    startedBy: Person,
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
    message: z.string().nullable(),
  })
  .meta({ id: 'ExecutionSummary' });

export const Execution = ExecutionSummary.extend({
  inputs: z.record(z.string(), z.unknown()),
  outputs: z.record(z.string(), z.unknown()).nullable(),
  stages: z.array(
    z.object({
      name: z.string(),
      status: StepStatus,
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
      tasks: z.array(TaskState),
    }),
  ),
}).meta({ id: 'Execution' });

export const Started = z
  .object({ id: z.uuid(), index: z.number(), status: ExecutionStatus })
  .meta({ id: 'ExecutionStarted' });

export const TaskLog = z
  .object({ content: z.string(), truncated: z.boolean() })
  .meta({ id: 'TaskLog' });

export type ExecutionSummaryDto = z.infer<typeof ExecutionSummary>;
export type ExecutionDto = z.infer<typeof Execution>;
export type TaskStateDto = z.infer<typeof TaskState>;
export type StartedDto = z.infer<typeof Started>;
