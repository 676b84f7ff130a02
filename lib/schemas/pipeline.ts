import { z } from 'zod';

/**
 * The pipeline document (api.md "Documents"): the same keys as JSON or YAML. Task `input`s are
 * validated per type by lib/pipeline (the editor issue); here they are open records so that the
 * document round-trips exactly.
 */
export const TASK_TYPES = ['K8S', 'REST', 'POLL', 'CONDITION', 'USER_OPERATION'] as const;
export const TaskType = z.enum(TASK_TYPES);
export const AUTO_INJECT = ['DOCKER', 'GIT', 'GERRIT'] as const;

export const DOCKER_INPUTS = [
  'DOCKER_EVENT_OWNER_NAME',
  'DOCKER_IMAGE',
  'DOCKER_REPO_NAME',
  'DOCKER_REPO_NAMESPACE',
  'DOCKER_TAG',
] as const;

export const Task = z
  .object({
    type: TaskType,
    endpoints: z.record(z.string(), z.string()).optional(),
    input: z.record(z.string(), z.unknown()).default({}),
    preCondition: z.string().optional(),
    ignoreFailure: z.boolean().optional(),
  })
  .loose();

export const Stage = z
  .object({
    /** Entries run in order; names joined by commas run in parallel. */
    taskOrder: z.array(z.string()),
    tasks: z.record(z.string(), Task),
  })
  .loose();

export const InputMeta = z
  .object({ description: z.string().optional(), mandatory: z.boolean().optional() })
  .loose();

export const PipelineDocument = z
  .object({
    kind: z.literal('PIPELINE').default('PIPELINE'),
    project: z.string().optional(),
    name: z.string().trim().min(1).max(100),
    description: z.string().default(''),
    enabled: z.boolean().default(true),
    concurrency: z.number().int().min(1).max(100).default(10),
    autoInject: z.enum(AUTO_INJECT).optional(),
    input: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    _inputMeta: z.record(z.string(), InputMeta).optional(),
    output: z.record(z.string(), z.string()).default({}),
    stageOrder: z.array(z.string()).default([]),
    stages: z.record(z.string(), Stage).default({}),
  })
  .loose()
  .meta({ id: 'PipelineDocument' });

export type PipelineDoc = z.infer<typeof PipelineDocument>;
export type StageDoc = z.infer<typeof Stage>;
export type TaskDoc = z.infer<typeof Task>;
