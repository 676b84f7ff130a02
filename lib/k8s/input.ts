import { z } from 'zod';

/** The K8S task's `input` (api.md "Documents"), lenient about values that came through bindings. */
const bool = (def: boolean) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? /^(true|yes|1)$/i.test(v.trim())
          ? true
          : /^(false|no|0|)$/i.test(v.trim())
            ? false
            : v
        : v,
    z.boolean().default(def),
  );

const optionalText = z.preprocess(
  (v) =>
    typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v,
  z.string().optional(),
);

export const K8S_ACTIONS = ['CREATE', 'APPLY', 'DELETE', 'GET', 'ROLLBACK'] as const;

export const K8sTaskInput = z.object({
  action: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.enum(K8S_ACTIONS, { error: `action must be one of ${K8S_ACTIONS.join(', ')}` }),
  ),
  namespace: optionalText,
  timeout: z.coerce
    .number({ error: 'timeout must be a number of minutes' })
    .positive('timeout must be more than 0 minutes')
    .max(24 * 60, 'timeout must be at most 1440 minutes')
    .default(5),
  waitForRollout: bool(true),
  continueOnConflict: bool(false),
  imagePullSecretFrom: optionalText,
  /** ROLLBACK only: "Task" (same stage) or "Stage.Task" whose manifests to restore; default this task. */
  rollbackTask: optionalText,
  yaml: z.string().optional(),
});

export type K8sTaskInputT = z.infer<typeof K8sTaskInput>;

export function parseTaskInput(raw: Record<string, unknown>): K8sTaskInputT {
  const r = K8sTaskInput.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(
      `Invalid K8S task input: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
    );
  }
  return r.data;
}
