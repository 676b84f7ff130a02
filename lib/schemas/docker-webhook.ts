import { z } from 'zod';
import { EVENT_RESULTS } from '../db/schema/registry-events';
import { SYNC_STATES } from '../db/schema/docker-webhooks';
import { repositoryProblem, splitRepository } from '../receiver/docker-naming';
import { tagPatternProblem } from '../receiver/tag-pattern';

export const WebhookName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(63)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, space, dot, dash and underscore only');

/** `namespace/name` (a bare `name` means an official image, `library/name`). */
export const Repository = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255)
  .superRefine((s, ctx) => {
    const parts = splitRepository(s);
    const problem = parts ? repositoryProblem(parts.namespace, parts.name) : 'must not be empty';
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => {
    const p = splitRepository(s)!;
    return `${p.namespace}/${p.name}`;
  });

export const TagPattern = z
  .string()
  .trim()
  .max(200)
  .superRefine((s, ctx) => {
    const problem = tagPatternProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const InputValues = z.record(z.string().min(1).max(100), z.string().max(10_000));

export const CreateDockerWebhookInput = z
  .object({
    project: z.string().trim().min(1, 'must not be empty'),
    name: WebhookName,
    description: z.string().max(2000).default(''),
    /** A Docker registry endpoint's name or id. */
    endpoint: z.string().trim().min(1, 'must not be empty'),
    /** A pipeline's name or id; it must have the Docker inputs. */
    pipeline: z.string().trim().min(1, 'must not be empty'),
    repository: Repository,
    tagPattern: TagPattern.default('*'),
    inputs: InputValues.default({}),
    /** An API token (refresh token) whose user the executions run as. Kept by reference only. */
    refreshToken: z.string().trim().min(1, 'must not be empty'),
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'CreateDockerWebhookInput' });
export type CreateDockerWebhookInputT = z.infer<typeof CreateDockerWebhookInput>;

export const UpdateDockerWebhookInput = z
  .object({
    name: WebhookName.optional(),
    description: z.string().max(2000).optional(),
    endpoint: z.string().trim().min(1).optional(),
    pipeline: z.string().trim().min(1).optional(),
    repository: Repository.optional(),
    tagPattern: TagPattern.optional(),
    inputs: InputValues.optional(),
    refreshToken: z.string().trim().min(1).optional(),
    enabled: z.boolean().optional(),
    /** true: a new secure token (the Hub webhook is updated with the new hook URL). */
    rotateSecureToken: z.boolean().optional(),
  })
  .meta({ id: 'UpdateDockerWebhookInput' });
export type UpdateDockerWebhookInputT = z.infer<typeof UpdateDockerWebhookInput>;

const Ref = z.object({ id: z.uuid(), name: z.string() });

export const SyncStatus = z
  .object({
    state: z.enum(SYNC_STATES),
    message: z.string(),
    at: z.string().nullable(),
  })
  .meta({ id: 'DockerWebhookSync' });

export const DockerWebhook = z
  .object({
    id: z.uuid(),
    project: Ref,
    name: z.string(),
    description: z.string(),
    endpoint: Ref,
    pipeline: Ref,
    repository: z.string(),
    tagPattern: z.string(),
    inputs: z.record(z.string(), z.string()),
    enabled: z.boolean(),
    apiToken: z
      .object({
        id: z.uuid(),
        name: z.string(),
        expiresAt: z.string(),
        status: z.enum(['ACTIVE', 'EXPIRED', 'REVOKED']),
        user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
      })
      .nullable(),
    /** `SLIPWAY_PUBLIC_URL/pipelines/api/docker-hub-webhooks?secureToken=…` (members only). */
    hookUrl: z.string(),
    sync: SyncStatus,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DockerWebhook' });
export type DockerWebhookDto = z.infer<typeof DockerWebhook>;

export const DockerWebhookListQuery = z.object({
  project: z.string().optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const CallbackStatus = z.object({
  state: z.enum(['success', 'failure']),
  delivered: z.boolean(),
  attempts: z.number(),
  message: z.string(),
  at: z.string(),
});

export const RegistryEvent = z
  .object({
    id: z.uuid(),
    receivedAt: z.string(),
    webhook: Ref,
    project: Ref,
    repository: z.string().nullable(),
    tag: z.string().nullable(),
    images: z.array(z.string()),
    owner: z.string().nullable(),
    result: z.enum(EVENT_RESULTS),
    reason: z.string(),
    executionId: z.uuid().nullable(),
    resubmittedFrom: z.uuid().nullable(),
    callback: CallbackStatus.nullable(),
  })
  .meta({ id: 'RegistryEvent' });
export type RegistryEventDto = z.infer<typeof RegistryEvent>;

export const RegistryEventListQuery = z.object({
  project: z.string().optional(),
  webhook: z.string().optional(),
  result: z.enum(EVENT_RESULTS).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ReceiverAnswer = z
  .object({
    eventId: z.uuid(),
    result: z.enum(EVENT_RESULTS),
    executionId: z.uuid().nullable(),
  })
  .meta({ id: 'DockerHubDeliveryAccepted' });

export const ResubmitAnswer = z
  .object({ eventId: z.uuid(), executionId: z.uuid(), index: z.number(), status: z.string() })
  .meta({ id: 'RegistryEventResubmitted' });
