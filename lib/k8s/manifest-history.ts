import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { decryptJson, encryptJson } from '../crypto/secrets';
import { getDb, type DbOrTx } from '../db/client';
import { k8sManifests } from '../db/schema';
import type { K8sObject } from './manifests';

/**
 * Manifests applied by successful K8S tasks (encrypted: they may hold Secrets), so that ROLLBACK
 * can apply what the last successful execution of a task applied.
 */
export interface ManifestRecord {
  projectId: string;
  pipelineId: string;
  stage: string;
  task: string;
  executionId: string;
  executionIndex: number;
  endpoint: string;
  manifests: K8sObject[];
}

export interface StageQuery {
  pipelineId: string;
  stage: string;
  endpoint: string;
  excludeExecutionId: string;
}

export interface ManifestHistory {
  save(record: ManifestRecord): Promise<void>;
  /** The newest record of each task of a stage that deployed to `endpoint` (other executions). */
  latestInStage(q: StageQuery): Promise<ManifestRecord[]>;
  /** The newest record of a task from an execution other than `excludeExecutionId`. */
  latest(q: {
    pipelineId: string;
    stage: string;
    task: string;
    excludeExecutionId: string;
  }): Promise<ManifestRecord | undefined>;
}

const KEEP = 10;

function toRecord(row: typeof k8sManifests.$inferSelect): ManifestRecord {
  return {
    projectId: row.projectId,
    pipelineId: row.pipelineId,
    stage: row.stage,
    task: row.task,
    executionId: row.executionId,
    executionIndex: row.executionIndex,
    endpoint: row.endpoint,
    manifests: decryptJson<K8sObject[]>(row.manifests),
  };
}

export function dbManifestHistory(dbFn: () => Promise<DbOrTx> = getDb): ManifestHistory {
  return {
    async save(r) {
      const db = await dbFn();
      await db.insert(k8sManifests).values({ ...r, manifests: encryptJson(r.manifests) });
      const rows = await db
        .select({ id: k8sManifests.id })
        .from(k8sManifests)
        .where(
          and(
            eq(k8sManifests.pipelineId, r.pipelineId),
            eq(k8sManifests.stage, r.stage),
            eq(k8sManifests.task, r.task),
          ),
        )
        .orderBy(desc(k8sManifests.createdAt), desc(k8sManifests.executionIndex));
      const old = rows.slice(KEEP).map((x) => x.id);
      if (old.length) await db.delete(k8sManifests).where(inArray(k8sManifests.id, old));
    },
    async latestInStage(q) {
      const db = await dbFn();
      const rows = await db
        .select()
        .from(k8sManifests)
        .where(
          and(
            eq(k8sManifests.pipelineId, q.pipelineId),
            eq(k8sManifests.stage, q.stage),
            eq(k8sManifests.endpoint, q.endpoint),
            ne(k8sManifests.executionId, q.excludeExecutionId),
          ),
        )
        .orderBy(desc(k8sManifests.createdAt), desc(k8sManifests.executionIndex));
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(r.task) && seen.add(r.task)).map(toRecord);
    },
    async latest(q) {
      const db = await dbFn();
      const [row] = await db
        .select()
        .from(k8sManifests)
        .where(
          and(
            eq(k8sManifests.pipelineId, q.pipelineId),
            eq(k8sManifests.stage, q.stage),
            eq(k8sManifests.task, q.task),
            ne(k8sManifests.executionId, q.excludeExecutionId),
          ),
        )
        .orderBy(desc(k8sManifests.createdAt), desc(k8sManifests.executionIndex))
        .limit(1);
      return row ? toRecord(row) : undefined;
    },
  };
}

/** In-memory history (unit tests, and tools that run a task outside the runner). */
export function memoryManifestHistory(): ManifestHistory & { records: ManifestRecord[] } {
  const records: ManifestRecord[] = [];
  return {
    records,
    async save(r) {
      records.push(structuredClone(r));
    },
    async latestInStage(q) {
      const seen = new Set<string>();
      return [...records]
        .reverse()
        .filter(
          (r) =>
            r.pipelineId === q.pipelineId &&
            r.stage === q.stage &&
            r.endpoint === q.endpoint &&
            r.executionId !== q.excludeExecutionId,
        )
        .filter((r) => !seen.has(r.task) && seen.add(r.task));
    },
    async latest(q) {
      return [...records]
        .reverse()
        .find(
          (r) =>
            r.pipelineId === q.pipelineId &&
            r.stage === q.stage &&
            r.task === q.task &&
            r.executionId !== q.excludeExecutionId,
        );
    },
  };
}
