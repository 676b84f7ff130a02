import { and, eq, inArray } from 'drizzle-orm';
import { notifyOnCommit } from '../db/commit-signals';
import type { DbOrTx } from '../db/client';
import { executions, executionTasks, type ExecutionStatus, type StageState } from '../db/schema';
import { publishExecutionEvent } from './events';
import { recordExecutionFinished } from './finished';

type ExecutionRow = typeof executions.$inferSelect;

/** Stages not yet final become `to` (CANCELED on cancel; left NOT_STARTED otherwise). */
export function closeStages(
  stages: StageState[],
  status: ExecutionStatus,
  now: string,
): StageState[] {
  return stages.map((s) => {
    if (status === 'CANCELED' && (s.status === 'RUNNING' || s.status === 'WAITING')) {
      return { ...s, status: 'CANCELED', endedAt: now };
    }
    if (status === 'CANCELED' && s.status === 'NOT_STARTED') return { ...s, status: 'CANCELED' };
    return s;
  });
}

/**
 * Writes an execution's final status in the caller's transaction, with its live events, the
 * durable "execution finished" job and a wake-up for queued executions of the same pipeline.
 */
export async function finishExecutionTx(
  tx: DbOrTx,
  ex: Pick<
    ExecutionRow,
    'id' | 'projectId' | 'pipelineId' | 'pipelineName' | 'index' | 'trigger' | 'stages'
  >,
  status: ExecutionStatus,
  message: string | null,
  outputs?: Record<string, unknown>,
  stages?: StageState[],
): Promise<void> {
  const now = new Date();
  if (status === 'CANCELED') {
    await tx
      .update(executionTasks)
      .set({ status: 'CANCELED', endedAt: now })
      .where(
        and(
          eq(executionTasks.executionId, ex.id),
          inArray(executionTasks.status, ['NOT_STARTED', 'RUNNING', 'WAITING']),
        ),
      );
  }
  const finalStages = closeStages(stages ?? ex.stages, status, now.toISOString());
  await tx
    .update(executions)
    .set({
      status,
      message,
      ...(outputs && { outputs }),
      stages: finalStages,
      endedAt: now,
      claimedBy: null,
      claimToken: null,
      leaseUntil: null,
      wakeAt: null,
      updatedAt: now,
    })
    .where(eq(executions.id, ex.id));
  await publishExecutionEvent(tx, ex, 'execution.status', {
    status,
    message,
    endedAt: now.toISOString(),
  });
  await recordExecutionFinished(tx, {
    executionId: ex.id,
    projectId: ex.projectId,
    pipelineId: ex.pipelineId,
    pipelineName: ex.pipelineName,
    index: ex.index,
    status,
    message,
    trigger: ex.trigger,
  });
  await notifyOnCommit(tx, 'slipway_runner', 'wake');
}
