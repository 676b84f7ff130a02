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

export const GIT_INPUTS = [
  'GIT_BRANCH_NAME',
  'GIT_CHANGE_SUBJECT',
  'GIT_COMMIT_ID',
  'GIT_EVENT_DESCRIPTION',
  'GIT_EVENT_OWNER_NAME',
  'GIT_EVENT_TIMESTAMP',
  'GIT_REPO_NAME',
  'GIT_SERVER_URL',
] as const;

/** The parameters Code Stream's Gerrit trigger injects. */
export const GERRIT_INPUTS = [
  'GERRIT_BRANCH',
  'GERRIT_CHANGE_COMMIT_MESSAGE',
  'GERRIT_CHANGE_ID',
  'GERRIT_CHANGE_NUMBER',
  'GERRIT_CHANGE_OWNER_EMAIL',
  'GERRIT_CHANGE_OWNER_NAME',
  'GERRIT_CHANGE_SUBJECT',
  'GERRIT_CHANGE_URL',
  'GERRIT_EVENT_ACCOUNT_EMAIL',
  'GERRIT_EVENT_ACCOUNT_NAME',
  'GERRIT_EVENT_CREATED_ON',
  'GERRIT_EVENT_TYPE',
  'GERRIT_HOST',
  'GERRIT_PATCHSET_NUMBER',
  'GERRIT_PATCHSET_REVISION',
  'GERRIT_PATCHSET_UPLOADER_EMAIL',
  'GERRIT_PATCHSET_UPLOADER_NAME',
  'GERRIT_PORT',
  'GERRIT_PROJECT',
  'GERRIT_REFSPEC',
] as const;

export type AutoInject = (typeof AUTO_INJECT)[number];
export const AUTO_INJECT_INPUTS: Record<AutoInject, readonly string[]> = {
  DOCKER: DOCKER_INPUTS,
  GIT: GIT_INPUTS,
  GERRIT: GERRIT_INPUTS,
};

/** A pipeline as the API returns it (JSON form): the document plus its identity. */
export const PipelineSummary = z
  .object({
    id: z.string(),
    project: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    concurrency: z.number(),
    autoInject: z.enum(AUTO_INJECT).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastExecution: z
      .object({ id: z.string(), index: z.number(), status: z.string(), createdAt: z.string() })
      .nullable(),
  })
  .meta({ id: 'PipelineSummary' });

export const PipelineListQuery = z.object({
  project: z.string().optional(),
  name: z.string().optional(),
  enabled: z.enum(['true', 'false']).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

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
