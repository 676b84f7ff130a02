import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { dockerWebhooks, pipelines } from '../../db/schema';
import { logger } from '../../log';

export interface EndpointUsage {
  kind: 'PIPELINE' | 'DOCKER_WEBHOOK';
  id: string;
  name: string;
  /** For pipelines: where, e.g. `Deploy › Apply web (kubernetesServer)`. */
  where?: string;
}

interface TaskLike {
  endpoints?: Record<string, unknown>;
  input?: Record<string, unknown>;
}

/** Places in a pipeline document that reference the endpoint (by name or id). */
export function referencesInDocument(doc: unknown, refs: string[]): string[] {
  const found: string[] = [];
  const stages = (doc as { stages?: Record<string, { tasks?: Record<string, TaskLike> }> } | null)
    ?.stages;
  if (!stages || typeof stages !== 'object') return found;
  for (const [stageName, stage] of Object.entries(stages)) {
    for (const [taskName, task] of Object.entries(stage?.tasks ?? {})) {
      for (const [key, value] of Object.entries(task?.endpoints ?? {})) {
        if (typeof value === 'string' && refs.includes(value))
          found.push(`${stageName} › ${taskName} (${key})`);
      }
      const pull = task?.input?.imagePullSecretFrom;
      if (typeof pull === 'string' && refs.includes(pull)) {
        found.push(`${stageName} › ${taskName} (imagePullSecretFrom)`);
      }
    }
  }
  return found;
}

/** Pipelines (K8S tasks) and Docker webhooks of the endpoint's project that use it. */
export async function findEndpointUsages(
  db: DbOrTx,
  endpoint: { id: string; name: string; projectId: string },
): Promise<EndpointUsage[]> {
  const usages: EndpointUsage[] = [];
  const refs = [endpoint.name, endpoint.id];
  const candidates = await db
    .select({ id: pipelines.id, name: pipelines.name, document: pipelines.document })
    .from(pipelines)
    .where(
      and(
        eq(pipelines.projectId, endpoint.projectId),
        sql`(position(${endpoint.name} in ${pipelines.document}) > 0 or position(${endpoint.id} in ${pipelines.document}) > 0)`,
      ),
    );
  for (const p of candidates) {
    let doc: unknown;
    try {
      doc = JSON.parse(p.document);
    } catch (err) {
      logger.warn(
        { err, pipelineId: p.id },
        'pipeline document is not JSON; skipped in endpoint usage check',
      );
      continue;
    }
    const where = referencesInDocument(doc, refs);
    if (where.length)
      usages.push({ kind: 'PIPELINE', id: p.id, name: p.name, where: where.join('; ') });
  }
  const hooks = await db
    .select({ id: dockerWebhooks.id, name: dockerWebhooks.name })
    .from(dockerWebhooks)
    .where(eq(dockerWebhooks.endpointId, endpoint.id));
  for (const h of hooks) usages.push({ kind: 'DOCKER_WEBHOOK', id: h.id, name: h.name });
  return usages;
}
