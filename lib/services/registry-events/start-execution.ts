import { notFound } from '../../api/errors';
import type { Tx } from '../../db/client';
import type { ExecutionTrigger } from '../../db/schema';
import type { LiveBatch } from '../../live/publish';
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
  /** Reserved before the transaction opened (see reserveExecutionIndex); else taken inside it. */
  index?: number;
  /** Collects the execution's live events, for the caller to write with its own in one go. */
  live?: LiveBatch;
}

export interface StartedExecution {
  id: string;
  index: number;
  status: string;
}

export type StartExecution = (tx: Tx, args: StartExecutionArgs) => Promise<StartedExecution>;

/**
 * The inputs of a webhook run: the webhook's saved values, then the push's Docker inputs. A saved
 * value that is empty (or absent) is left out, so the pipeline's default applies.
 */
export function webhookRunInputs(
  saved: Record<string, string> | null | undefined,
  docker: Record<string, string>,
): Record<string, string> {
  return { ...withoutEmpty(saved ?? {}), ...docker };
}

function withoutEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v != null));
}

/** The real one: lib/services/executions `createExecution` in the caller's transaction. */
export const startExecutionInTx: StartExecution = async (tx, args) => {
  const pipeline = args.pipeline ?? (await getPipelineForRun(tx, args.pipelineId));
  if (!pipeline) throw notFound('The pipeline');
  return createExecution(tx, {
    pipeline,
    // An empty webhook input never overrides the pipeline's default.
    inputs: withoutEmpty(args.inputs),
    trigger: args.trigger,
    startedBy: args.userId,
    ...(args.index !== undefined && { index: args.index }),
    ...(args.live && { live: args.live }),
  });
};
