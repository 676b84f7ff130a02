import { and, eq, sql } from 'drizzle-orm';
import { notifyOnCommit } from '../../db/commit-signals';
import { conflict, forbidden, notFound } from '../../api/errors';
import { ROLE_RANK } from '../../auth/actor';
import { executions, executionTasks } from '../../db/schema';
import { publishExecutionEvent } from '../../runner/events';
import { readApprovers } from '../../runner/tasks/user-operation';
import { projectRole } from '../access';
import { inTransaction, type Ctx } from '../context';
import { requireExecution } from './query';

export interface ApprovalDecision {
  stage: string;
  task: string;
  decision: 'APPROVE' | 'REJECT';
  comment: string;
}

/**
 * Approves or rejects a waiting USER_OPERATION task. Allowed: the task's approvers (emails), or
 * when it lists none, any member with EXECUTOR or more. A decided task answers 409.
 */
export async function decideApproval(
  ctx: Ctx,
  id: string,
  d: ApprovalDecision,
): Promise<{ stage: string; task: string; status: string; decision: string }> {
  const ex = await requireExecution(ctx, id, 'VIEWER');
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    // Same row lock the runner takes for every write: a decision never races its parking.
    await db
      .select({ id: executions.id })
      .from(executions)
      .where(eq(executions.id, id))
      .for('update');
    const [t] = await db
      .select()
      .from(executionTasks)
      .where(
        and(
          eq(executionTasks.executionId, id),
          eq(executionTasks.stage, d.stage),
          eq(executionTasks.task, d.task),
        ),
      );
    if (!t) throw notFound(`Task "${d.task}" of stage "${d.stage}"`);
    if (t.type !== 'USER_OPERATION') throw conflict(`Task "${d.task}" is not an approval task`);
    const approvers = readApprovers(t.input ?? {});
    const me = ctx.actor.email.toLowerCase();
    if (approvers.length > 0) {
      if (!approvers.includes(me)) {
        throw forbidden(`Only ${approvers.join(', ')} may decide on "${d.task}"`);
      }
    } else {
      const role = await projectRole(tctx, ex.projectId);
      if (!role || ROLE_RANK[role] < ROLE_RANK.EXECUTOR) {
        throw forbidden('Approving needs the EXECUTOR role in the project');
      }
    }
    if (t.status !== 'WAITING') {
      const prior = (t.output as { decision?: string; approver?: string } | null) ?? null;
      throw conflict(
        prior?.decision
          ? `Already decided: ${prior.decision} by ${prior.approver}`
          : `Task "${d.task}" is not waiting for a decision (${t.status})`,
      );
    }
    const approve = d.decision === 'APPROVE';
    const who = ctx.actor.email;
    const message = approve
      ? `Approved by ${who}${d.comment ? `: ${d.comment}` : ''}`
      : `Rejected by ${who}${d.comment ? `: ${d.comment}` : ''}`;
    const status = approve ? 'COMPLETED' : 'FAILED';
    await db
      .update(executionTasks)
      .set({
        status,
        endedAt: new Date(),
        message,
        output: { decision: d.decision, approver: who, comment: d.comment },
      })
      .where(eq(executionTasks.id, t.id));
    // Wake the parked execution now (a worker still driving it sees the decision on reload).
    await db
      .update(executions)
      .set({ wakeAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(executions.id, id), eq(executions.status, 'WAITING')));
    await publishExecutionEvent(db, ex, 'task.status', {
      stage: d.stage,
      task: d.task,
      status,
      message,
    });
    await notifyOnCommit(db, 'slipway_runner', 'wake');
    return { stage: d.stage, task: d.task, status, decision: d.decision };
  });
}
