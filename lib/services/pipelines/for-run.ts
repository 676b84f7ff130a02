import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { pipelines } from '../../db/schema';
import type { PipelineDoc } from '../../schemas/pipeline';
import { isUuid } from '../access';
import { readDocument } from './view';

export interface PipelineForRun {
  id: string;
  projectId: string;
  name: string;
  enabled: boolean;
  concurrency: number;
  document: PipelineDoc;
}

/**
 * The pipeline as the runner and the webhook receiver need it. No access check: callers have
 * already decided who acts (a webhook's token user, an execution's starter).
 */
export async function getPipelineForRun(db: DbOrTx, id: string): Promise<PipelineForRun | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(pipelines).where(eq(pipelines.id, id));
  if (!row) return null;
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    enabled: row.enabled,
    concurrency: row.concurrency,
    document: readDocument(row),
  };
}

/**
 * Pipelines of a project whose tasks name an endpoint (K8S `endpoints.*` or
 * `input.imagePullSecretFrom`), for "still used by" answers when an endpoint is deleted.
 */
export async function pipelinesUsingEndpoint(
  db: DbOrTx,
  projectId: string,
  endpointName: string,
): Promise<{ id: string; name: string }[]> {
  const rows = await db.select().from(pipelines).where(eq(pipelines.projectId, projectId));
  return rows
    .filter((row) =>
      Object.values(readDocument(row).stages).some((stage) =>
        Object.values(stage.tasks).some(
          (t) =>
            Object.values(t.endpoints ?? {}).includes(endpointName) ||
            t.input.imagePullSecretFrom === endpointName,
        ),
      ),
    )
    .map((r) => ({ id: r.id, name: r.name }));
}
