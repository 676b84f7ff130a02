import { sql } from 'drizzle-orm';
import { conflict, validationFailed, type FieldIssue } from '../../api/errors';
import type { DbOrTx } from '../../db/client';
import {
  executions,
  executionTasks,
  type ExecutionTrigger,
  type StageState,
} from '../../db/schema';
import { publishExecutionEvent } from '../../runner/events';
import { DOCKER_INPUTS, type PipelineDoc } from '../../schemas/pipeline';
import type { StartedDto } from '../../schemas/execution';

/** What the runner needs of a pipeline (lib/services/pipelines `getPipelineForRun` gives it). */
export interface RunnablePipeline {
  id: string;
  projectId: string;
  name: string;
  enabled: boolean;
  document: PipelineDoc;
}

export interface CreateExecutionArgs {
  pipeline: RunnablePipeline;
  inputs: Record<string, unknown>;
  trigger: ExecutionTrigger;
  /** The user the execution runs as (null for system triggers). */
  startedBy: string | null;
}

/** Pipeline defaults + given values; unknown names and empty mandatory inputs → 422 naming them. */
export function mergeInputs(
  doc: PipelineDoc,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const declared = new Set(Object.keys(doc.input ?? {}));
  if (doc.autoInject === 'DOCKER') DOCKER_INPUTS.forEach((n) => declared.add(n));
  const issues: FieldIssue[] = [];
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      issues.push({ path: `inputs.${name}`, message: `the pipeline has no input named "${name}"` });
    }
  }
  const merged: Record<string, unknown> = {};
  for (const name of declared) {
    const v = given[name] ?? doc.input?.[name] ?? '';
    merged[name] = v;
    const mandatory = doc._inputMeta?.[name]?.mandatory === true;
    if (mandatory && (v === '' || v === null)) {
      issues.push({ path: `inputs.${name}`, message: `input "${name}" is mandatory` });
    }
  }
  if (issues.length) throw validationFailed(issues);
  return merged;
}

/**
 * Creates an execution (QUEUED) with one NOT_STARTED row per task, inside the caller's
 * transaction — the Docker receiver creates it together with its registry event. The runner is
 * woken by NOTIFY when the transaction commits.
 */
export async function createExecution(tx: DbOrTx, args: CreateExecutionArgs): Promise<StartedDto> {
  const { pipeline } = args;
  const doc = pipeline.document;
  if (!pipeline.enabled || doc.enabled === false) {
    throw conflict(`Pipeline "${pipeline.name}" is disabled; enable it to run it`);
  }
  const inputs = mergeInputs(doc, args.inputs);
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${'exec-index:' + pipeline.id}, 0))`,
  );
  const [last] = await tx
    .select({ n: sql<number>`coalesce(max(${executions.index}), 0)::int` })
    .from(executions)
    .where(sql`${executions.pipelineId} = ${pipeline.id}`);
  const index = (last?.n ?? 0) + 1;
  const stages: StageState[] = doc.stageOrder.map((name) => ({ name, status: 'NOT_STARTED' }));
  const [row] = await tx
    .insert(executions)
    .values({
      projectId: pipeline.projectId,
      pipelineId: pipeline.id,
      pipelineName: pipeline.name,
      index,
      status: 'QUEUED',
      inputs,
      trigger: args.trigger,
      startedBy: args.startedBy,
      pipeline: doc as unknown as Record<string, unknown>,
      concurrency: doc.concurrency ?? 10,
      stages,
    })
    .returning({ id: executions.id, projectId: executions.projectId });
  if (!row) throw new Error('execution was not stored');
  const taskRows = doc.stageOrder.flatMap((stage, stageIndex) =>
    (doc.stages[stage]?.taskOrder ?? []).flatMap((entry, groupIndex) =>
      entry
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n && doc.stages[stage]?.tasks[n])
        .map((task) => ({
          executionId: row.id,
          stage,
          task,
          type: doc.stages[stage]!.tasks[task]!.type,
          stageIndex,
          groupIndex,
        })),
    ),
  );
  if (taskRows.length) await tx.insert(executionTasks).values(taskRows);
  await publishExecutionEvent(tx, row, 'execution.created', {
    status: 'QUEUED',
    index,
    pipelineId: pipeline.id,
  });
  await tx.execute(sql`select pg_notify('slipway_runner', 'wake')`);
  return { id: row.id, index, status: 'QUEUED' };
}
