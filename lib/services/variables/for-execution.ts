import { and, eq } from 'drizzle-orm';
import { decryptSecret } from '../../crypto/secrets';
import type { DbOrTx } from '../../db/client';
import { variablePipelines, variables } from '../../db/schema';

export interface ExecutionVariables {
  /** name → value (secrets decrypted) for `${var.NAME}`. */
  vars: Record<string, string>;
  /** Values to mask as "*****" in anything shown or logged. */
  secretValues: Set<string>;
  /** RESTRICTED variables this pipeline is not allowed to use (left out of `vars`). */
  restrictedNames: string[];
}

/**
 * The variables an execution of a pipeline may use. RESTRICTED ones only when an administrator
 * allowed this pipeline. No access check: the caller (runner, receiver) already decided.
 */
export async function loadVariablesForExecution(
  db: DbOrTx,
  projectId: string,
  pipelineId: string,
): Promise<ExecutionVariables> {
  const rows = await db
    .select({ v: variables, allowed: variablePipelines.pipelineId })
    .from(variables)
    .leftJoin(
      variablePipelines,
      and(
        eq(variablePipelines.variableId, variables.id),
        eq(variablePipelines.pipelineId, pipelineId),
      ),
    )
    .where(eq(variables.projectId, projectId));
  const out: ExecutionVariables = { vars: {}, secretValues: new Set(), restrictedNames: [] };
  for (const { v, allowed } of rows) {
    if (v.type === 'REGULAR') {
      out.vars[v.name] = v.value;
      continue;
    }
    if (v.type === 'RESTRICTED' && !allowed) {
      out.restrictedNames.push(v.name);
      continue;
    }
    const plain = v.valueEnc ? decryptSecret(v.valueEnc) : '';
    out.vars[v.name] = plain;
    if (plain) out.secretValues.add(plain);
  }
  return out;
}
