import type { TaskRunContext } from '../runner/task-types';
import { fail } from './errors';
import type { K8sTaskInputT } from './input';
import type { ManifestHistory } from './manifest-history';
import { objectRef, type K8sObject } from './manifests';

/** "Task" (same stage) or "Stage.Task". */
function rollbackTarget(
  ctx: TaskRunContext,
  input: K8sTaskInputT,
): { stage: string; task: string } {
  const t = input.rollbackTask;
  if (!t) return { stage: ctx.stage, task: ctx.task };
  const dot = t.indexOf('.');
  return dot > 0
    ? { stage: t.slice(0, dot), task: t.slice(dot + 1) }
    : { stage: ctx.stage, task: t };
}

/**
 * ROLLBACK's manifests: those of `rollbackTask` if named; else this task's own; else (a separate
 * "Roll back" task) those of the other K8S tasks of this stage that deployed to the same endpoint.
 * Always from an earlier execution, so a rollback after a bad deploy restores the previous one.
 */
export async function rollbackManifests(
  ctx: TaskRunContext,
  input: K8sTaskInputT,
  deps: { history: ManifestHistory },
  endpoint: string,
): Promise<K8sObject[]> {
  const target = rollbackTarget(ctx, input);
  const q = { pipelineId: ctx.pipelineId, excludeExecutionId: ctx.executionId };
  const own = await deps.history.latest({ ...q, ...target });
  const records = own
    ? [own]
    : input.rollbackTask
      ? []
      : (await deps.history.latestInStage({ ...q, stage: ctx.stage, endpoint })).filter(
          (r) => r.task !== ctx.task,
        );
  if (records.length === 0) {
    const others = input.rollbackTask
      ? ''
      : ` (nor any other K8S task of stage ${ctx.stage} on "${endpoint}")`;
    fail(
      `Nothing to roll back to: no earlier successful execution of ${target.stage} › ${target.task}${others} applied any manifests`,
    );
  }
  const seen = new Set<string>();
  const objects: K8sObject[] = [];
  for (const r of records) {
    await ctx.log(
      `Rolling back to what ${r.stage} › ${r.task} applied in execution #${r.executionIndex}: ${r.manifests.map(objectRef).join(', ')}`,
    );
    for (const o of r.manifests) {
      const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
      if (!seen.has(key)) objects.push(o);
      seen.add(key);
    }
  }
  return objects;
}
