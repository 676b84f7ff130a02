import type { Db, DbOrTx } from '../db/client';
import type { ExecutionTrigger } from '../db/schema';
import { enqueueJob, registerJobHandler, type JobPayload } from './jobs';

/** What an execution-finished handler receives (the execution is final when it runs). */
export interface ExecutionFinished {
  executionId: string;
  projectId: string;
  pipelineId: string;
  pipelineName: string;
  index: number;
  status: string;
  message: string | null;
  trigger: ExecutionTrigger;
}

export const EXECUTION_FINISHED_JOB = 'execution-finished';

const g = globalThis as unknown as { __slipwayFinishedHandlers?: Set<string> };
const names = (g.__slipwayFinishedHandlers ??= new Set<string>());

/**
 * Registers durable work to do after every execution ends (e.g. the Docker Hub callback). The
 * final status and an "execution-finished" job are committed together; the runner turns that job
 * into one job per registered handler, each retried with back-off until it succeeds.
 */
export function registerExecutionFinishedHandler(
  name: string,
  fn: (event: ExecutionFinished) => Promise<void>,
  opts: { maxAttempts?: number } = {},
): void {
  names.add(name);
  registerJobHandler(
    `${EXECUTION_FINISHED_JOB}:${name}`,
    (p) => fn(p as unknown as ExecutionFinished),
    opts,
  );
}

/** Called in the transaction that writes an execution's final status. */
export async function recordExecutionFinished(tx: DbOrTx, ev: ExecutionFinished): Promise<void> {
  await enqueueJob(tx, EXECUTION_FINISHED_JOB, ev as unknown as JobPayload);
}

/** The fan-out job: one job per handler registered in this (runner) process. */
export function registerFinishedFanOut(db: Db): void {
  registerJobHandler(EXECUTION_FINISHED_JOB, async (payload) => {
    if (names.size === 0) return;
    await db.transaction(async (tx) => {
      for (const n of names) await enqueueJob(tx, `${EXECUTION_FINISHED_JOB}:${n}`, payload);
    });
  });
}
