import { eq } from 'drizzle-orm';
import { notifyOnCommit } from '../../db/commit-signals';
import { conflict, notFound } from '../../api/errors';
import { executions, FINAL_EXECUTION_STATUSES } from '../../db/schema';
import { publishExecutionEvent } from '../../runner/events';
import { finishExecutionTx } from '../../runner/finish';
import { DOCKER_INPUTS } from '../../schemas/pipeline';
import { getPipelineForRun } from '../pipelines/for-run';
import type { StartedDto } from '../../schemas/execution';
import { inTransaction, type Ctx } from '../context';
import { checkRunnable, createExecution, reserveExecutionIndex } from './create';
import { requireExecution } from './query';

/**
 * Cancel: an execution no worker holds (QUEUED, WAITING) ends CANCELED at once; a running one
 * becomes CANCELING and its worker aborts the running tasks (NOTIFY + heartbeat), then CANCELED.
 */
export async function cancelExecution(
  ctx: Ctx,
  id: string,
): Promise<{ id: string; status: string }> {
  await requireExecution(ctx, id, 'EXECUTOR');
  return inTransaction(ctx, async ({ db }) => {
    const [ex] = await db.select().from(executions).where(eq(executions.id, id)).for('update');
    if (!ex) throw conflict('The execution is gone');
    if (FINAL_EXECUTION_STATUSES.includes(ex.status)) {
      throw conflict(`Execution #${ex.index} already ended (${ex.status})`);
    }
    if (ex.status === 'CANCELING') return { id, status: 'CANCELING' };
    const held = ex.claimToken !== null && ex.leaseUntil !== null && ex.leaseUntil > new Date();
    if (!held) {
      await finishExecutionTx(
        db,
        ex,
        'CANCELED',
        `Canceled by ${ctx.actor.name || ctx.actor.email}`,
      );
      return { id, status: 'CANCELED' };
    }
    await db
      .update(executions)
      .set({ status: 'CANCELING', cancelRequested: true, updatedAt: new Date() })
      .where(eq(executions.id, id));
    await publishExecutionEvent(db, ex, 'execution.status', { status: 'CANCELING' });
    await notifyOnCommit(db, 'slipway_runner', 'cancel:' + id);
    return { id, status: 'CANCELING' };
  });
}

/** Re-run: a new execution of the pipeline (as it is now) with the same inputs. */
export async function rerunExecution(ctx: Ctx, id: string): Promise<StartedDto> {
  const ex = await requireExecution(ctx, id, 'EXECUTOR');
  const pipeline = await getPipelineForRun(ctx.db, ex.pipelineId);
  if (!pipeline) throw notFound(`Pipeline "${ex.pipelineName}" (it was deleted)`);
  const declared = new Set(Object.keys(pipeline.document.input ?? {}));
  const inputs = Object.fromEntries(
    Object.entries(ex.inputs).filter(
      ([k]) =>
        declared.has(k) ||
        (pipeline.document.autoInject === 'DOCKER' &&
          (DOCKER_INPUTS as readonly string[]).includes(k)),
    ),
  );
  checkRunnable(pipeline, inputs); // refuse before a number is taken
  const index = await reserveExecutionIndex(ctx.db, pipeline.id);
  return inTransaction(ctx, ({ db }) =>
    createExecution(db, {
      pipeline,
      inputs,
      index,
      trigger: { type: 'RERUN', userId: ctx.actor.userId, rerunOf: ex.id },
      startedBy: ctx.actor.userId,
    }),
  );
}
