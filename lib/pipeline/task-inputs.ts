/**
 * Each task type's `input` (api.md "Documents"). Shared by document validation and the editor's
 * task forms. Unknown keys are kept (Code Stream exports carry extra ones) so documents round-trip.
 * Numbers may also be written as a binding ("${input.TIMEOUT}"), resolved at run time.
 */
import { z } from 'zod';
import type { TASK_TYPES } from '@/lib/schemas/pipeline';

type TaskType = (typeof TASK_TYPES)[number];

const BINDING_ONLY = /^\$\{[^{}]+\}$/;
const bindingText = z.string().regex(BINDING_ONLY, 'must be a number or a single ${…} binding');
const num = (min: number, max: number) => z.union([z.number().min(min).max(max), bindingText]);
const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`);

export const K8S_ACTIONS = ['CREATE', 'APPLY', 'DELETE', 'GET', 'ROLLBACK'] as const;
export const REST_ACTIONS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export const K8sInput = z
  .object({
    action: z.enum(K8S_ACTIONS, { error: `action must be one of ${K8S_ACTIONS.join(', ')}` }),
    namespace: z.string().optional(),
    timeout: num(1, 1440).optional(),
    waitForRollout: z.boolean().optional(),
    imagePullSecretFrom: z.string().optional(),
    continueOnConflict: z.boolean().optional(),
    yaml: z.string().optional(),
    /** ROLLBACK: whose earlier manifests to restore, "Task" (same stage) or "Stage.Task". */
    rollbackTask: z
      .string({ error: 'rollbackTask is a task name, "Task" or "Stage.Task"' })
      .optional(),
  })
  .loose()
  .superRefine((v, ctx) => {
    if (v.action !== 'ROLLBACK' && !v.yaml?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['yaml'], message: `yaml is required for ${v.action}` });
    }
  });

const headers = z.record(z.string(), z.string()).optional();
const url = nonEmpty('url');

export const RestInput = z
  .object({
    action: z.enum(REST_ACTIONS, { error: `action must be one of ${REST_ACTIONS.join(', ')}` }),
    url,
    headers,
    payload: z
      .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
      .optional(),
  })
  .loose();

export const PollInput = z
  .object({
    url,
    headers,
    intervalSeconds: num(1, 3600).optional(),
    timeoutMinutes: num(1, 1440).optional(),
    successCondition: nonEmpty('successCondition'),
  })
  .loose();

export const ConditionInput = z.object({ condition: nonEmpty('condition') }).loose();

export const UserOperationInput = z
  .object({
    approvers: z.union([z.array(z.string()), z.string()]).optional(),
    summary: nonEmpty('summary'),
    description: z.string().optional(),
    expirationHours: num(1, 24 * 30).optional(),
  })
  .loose();

export const TASK_INPUT_SCHEMAS: Record<TaskType, z.ZodType> = {
  K8S: K8sInput,
  REST: RestInput,
  POLL: PollInput,
  CONDITION: ConditionInput,
  USER_OPERATION: UserOperationInput,
};

/** Input fields that hold expressions (checked for syntax at save time). */
export const EXPRESSION_FIELDS: Partial<Record<TaskType, string[]>> = {
  CONDITION: ['condition'],
  POLL: ['successCondition'],
};

/** A fresh input for a new task of a type, as the editor creates it. */
export function defaultTaskInput(type: TaskType): Record<string, unknown> {
  switch (type) {
    case 'K8S':
      return { action: 'APPLY', namespace: '', timeout: 5, waitForRollout: true, yaml: '' };
    case 'REST':
      return { action: 'get', url: '', headers: {} };
    case 'POLL':
      return {
        url: '',
        headers: {},
        intervalSeconds: 30,
        timeoutMinutes: 10,
        successCondition: '',
      };
    case 'CONDITION':
      return { condition: '' };
    case 'USER_OPERATION':
      return { approvers: [], summary: '', description: '', expirationHours: 24 };
  }
}
