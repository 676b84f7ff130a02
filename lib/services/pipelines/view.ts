import { desc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { executions, type PipelineRow } from '../../db/schema';
import { withProject } from '../../pipeline/document-yaml';
import type { PipelineDoc } from '../../schemas/pipeline';

export interface LastExecution {
  id: string;
  index: number;
  status: string;
  createdAt: string;
}

export interface PipelineSummaryDto {
  id: string;
  project: string;
  projectId: string;
  name: string;
  description: string;
  enabled: boolean;
  concurrency: number;
  autoInject: string | null;
  input: PipelineDoc['input'];
  createdAt: string;
  updatedAt: string;
  lastExecution: LastExecution | null;
}

/** The stored document, parsed (JSON text keeps the user's key order). */
export const readDocument = (row: Pick<PipelineRow, 'document'>): PipelineDoc =>
  JSON.parse(row.document) as PipelineDoc;

/** The latest execution of each pipeline (by index). */
export async function lastExecutions(
  db: DbOrTx,
  pipelineIds: string[],
): Promise<Map<string, LastExecution>> {
  const out = new Map<string, LastExecution>();
  if (pipelineIds.length === 0) return out;
  const rows = await db
    .selectDistinctOn([executions.pipelineId], {
      pipelineId: executions.pipelineId,
      id: executions.id,
      index: executions.index,
      status: executions.status,
      createdAt: executions.createdAt,
    })
    .from(executions)
    .where(inArray(executions.pipelineId, pipelineIds))
    .orderBy(executions.pipelineId, desc(executions.index));
  for (const r of rows) {
    out.set(r.pipelineId, {
      id: r.id,
      index: r.index,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    });
  }
  return out;
}

export function toSummary(
  row: PipelineRow,
  projectName: string,
  last: LastExecution | undefined,
): PipelineSummaryDto {
  return {
    id: row.id,
    project: projectName,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    concurrency: row.concurrency,
    autoInject: row.autoInject,
    input: readDocument(row).input,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastExecution: last ?? null,
  };
}

export type PipelineDetailDto = { id: string } & PipelineDoc & {
    project: string;
    projectId: string;
    createdAt: string;
    updatedAt: string;
    lastExecution: LastExecution | null;
  };

/** The JSON answer for one pipeline: id first, then the document, then server fields. */
export function toDetail(
  row: PipelineRow,
  projectName: string,
  last: LastExecution | undefined,
): PipelineDetailDto {
  return {
    id: row.id,
    ...withProject(readDocument(row) as unknown as Record<string, unknown>, projectName),
    projectId: row.projectId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastExecution: last ?? null,
  } as PipelineDetailDto;
}

/** The export form: exactly the document (with the project's name). */
export function toExport(row: PipelineRow, projectName: string): Record<string, unknown> {
  return withProject(readDocument(row) as unknown as Record<string, unknown>, projectName);
}
