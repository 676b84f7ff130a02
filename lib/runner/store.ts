import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/client';
import { executionLogs, executions, executionTasks } from '../db/schema';

export type ExecutionRow = typeof executions.$inferSelect;
export type TaskRow = typeof executionTasks.$inferSelect;

export interface Claim {
  id: string;
  token: string;
}

/** The worker no longer owns the execution (its lease expired and another worker took it). */
export class LeaseLostError extends Error {
  constructor() {
    super('the lease on this execution was lost');
    this.name = 'LeaseLostError';
  }
}

/** The execution was asked to cancel. */
export class CancelRequestedError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'CancelRequestedError';
  }
}

export interface Fence {
  projectId: string;
  cancelRequested: boolean;
}

/**
 * Runs fn in a transaction that first checks (and row-locks) the claim; every runner write goes
 * through here, so a worker that lost its lease can never overwrite its successor's state.
 */
export async function fenced<T>(
  db: Db,
  claim: Claim,
  fn: (tx: Tx, f: Fence) => Promise<T>,
  /** Execution columns to write with the check (same statement). */
  set: Partial<typeof executions.$inferInsert> = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(executions)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(executions.id, claim.id), eq(executions.claimToken, claim.token)))
      .returning({ projectId: executions.projectId, cancelRequested: executions.cancelRequested });
    if (!row) throw new LeaseLostError();
    return fn(tx, row);
  });
}

export async function loadTasks(db: Db, executionId: string): Promise<TaskRow[]> {
  return db
    .select()
    .from(executionTasks)
    .where(eq(executionTasks.executionId, executionId))
    .orderBy(asc(executionTasks.stageIndex), asc(executionTasks.groupIndex));
}

export const LOG_CAP_BYTES = 64 * 1024;

/** Appends to a task's log, keeping at most LOG_CAP_BYTES characters and noting truncation once. */
export async function appendLog(
  db: DbOrTx,
  t: { taskId: string; executionId: string },
  text: string,
  cap = LOG_CAP_BYTES,
): Promise<void> {
  const line = text.endsWith('\n') ? text : text + '\n';
  const note = `[log truncated: more than ${Math.round(cap / 1024)} KiB]\n`;
  await db
    .insert(executionLogs)
    .values({
      taskId: t.taskId,
      executionId: t.executionId,
      content: line.length > cap ? line.slice(0, cap) + note : line,
      truncated: line.length > cap,
    })
    .onConflictDoUpdate({
      target: executionLogs.taskId,
      set: {
        content: sql`case
          when ${executionLogs.truncated} then ${executionLogs.content}
          when length(${executionLogs.content}) + length(excluded.content) <= ${cap}
            then ${executionLogs.content} || excluded.content
          else ${executionLogs.content} || ${note} end`,
        truncated: sql`${executionLogs.truncated} or length(${executionLogs.content}) + length(excluded.content) > ${cap}`,
        updatedAt: sql`now()`,
      },
    });
}
