import type { DbOrTx } from '../db/client';
import { loadVariablesForExecution } from '../services/variables/for-execution';

/** The variables an execution may bind (`${var.NAME}`), secrets decrypted, and which to mask. */
export interface ExecutionVariables {
  values: Record<string, unknown>;
  /** Plain values that must be masked wherever they appear in anything shown. */
  secrets: string[];
}

export async function loadExecutionVariables(
  db: DbOrTx,
  args: { projectId: string; pipelineId: string },
): Promise<ExecutionVariables> {
  const v = await loadVariablesForExecution(db, args.projectId, args.pipelineId);
  return { values: v.vars, secrets: [...v.secretValues] };
}
