import { notFound } from '../../api/errors';
import type { Tx } from '../../db/client';
import type { ExecutionTrigger } from '../../db/schema';
import { createExecution } from '../executions/create';
import { getPipelineForRun, type PipelineForRun } from '../pipelines/for-run';

/** What the Docker trigger asks of the runner: one execution, created inside our transaction. */
export interface StartExecutionArgs {
  pipelineId: string;
  /** Already loaded by the caller (saves a round trip inside the transaction). */
  pipeline?: PipelineForRun;
  inputs: Record<string, string>;
  /** The user the execution runs as (the webhook's API token user, or who resubmitted). */
  userId: string;
  trigger: ExecutionTrigger;
}

export interface StartedExecution {
  id: string;
  index: number;
  status: string;
}

export type StartExecution = (tx: Tx, args: StartExecutionArgs) => Promise<StartedExecution>;

/** The real one: lib/services/executions `createExecution` in the caller's transaction. */
export const startExecutionInTx: StartExecution = async (tx, args) => {
  const pipeline = args.pipeline ?? (await getPipelineForRun(tx, args.pipelineId));
  if (!pipeline) throw notFound('The pipeline');
  return createExecution(tx, {
    pipeline,
    inputs: args.inputs,
    trigger: args.trigger,
    startedBy: args.userId,
  });
};
