import { notFound } from '../../api/errors';
import type { StartedDto } from '../../schemas/execution';
import { requireProjectAccess } from '../access';
import { inTransaction, type Ctx } from '../context';
import { getPipelineForRun } from '../pipelines/for-run';
import { checkRunnable, createExecution, reserveExecutionIndex } from './create';

/** POST /pipelines/{id}/executions: EXECUTOR or more; disabled → 409; bad inputs → 422. */
export async function runPipeline(
  ctx: Ctx,
  pipelineId: string,
  inputs: Record<string, unknown>,
): Promise<StartedDto> {
  const p = await getPipelineForRun(ctx.db, pipelineId);
  if (!p) throw notFound(`Pipeline "${pipelineId}"`);
  await requireProjectAccess(ctx, p.projectId, 'EXECUTOR', `Pipeline "${pipelineId}"`);
  checkRunnable(p, inputs); // refuse before a number is taken
  const index = await reserveExecutionIndex(ctx.db, p.id);
  return inTransaction(ctx, ({ db }) =>
    createExecution(db, {
      pipeline: p,
      index,
      inputs,
      trigger: { type: 'USER', userId: ctx.actor.userId },
      startedBy: ctx.actor.via === 'system' ? null : ctx.actor.userId,
    }),
  );
}
