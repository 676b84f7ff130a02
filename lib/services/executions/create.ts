import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { conflict, validationFailed, type FieldIssue } from '../../api/errors';
import type { DbOrTx } from '../../db/client';
import {
  executionCounters,
  executions,
  executionTasks,
  type ExecutionTrigger,
  type StageState,
} from '../../db/schema';
import { LiveBatch, type LiveEventInput } from '../../live/publish';
import { executionLiveEvents } from '../../runner/events';
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
  /**
   * Its number, from `reserveExecutionIndex` called BEFORE the transaction opened. Absent: it is
   * reserved inside `tx`, which then holds the pipeline's counter until it commits (fine for
   * one-off callers, a queue for concurrent ones).
   */
  index?: number;
  /** Its id, when the caller must reference it before it exists (else generated). */
  id?: string;
  /** Collects the live events + runner wake-up for the caller to write in one statement. */
  live?: LiveBatch;
}

/**
 * Hands out the next number of a pipeline's executions in ONE autocommit statement. The counter
 * row is locked only while PostgreSQL runs it: the statement commits without waiting for its WAL
 * flush (synchronous_commit off, for this statement only), so concurrent runs of a pipeline do
 * not queue behind one another's disk writes. That is safe: the execution that uses the number
 * commits durably later, which flushes this earlier WAL too; after a crash a number can only come
 * back if nothing durable used it. Call it outside any transaction (on PGlite a statement
 * issued inside an open transaction would wait for it). A run that then fails leaves a gap.
 * (The Docker receiver bumps the counter inside the statement that stores its execution.)
 */
export async function reserveExecutionIndex(db: DbOrTx, pipelineId: string): Promise<number> {
  const res = await db.execute(sql`with cfg as (
      select set_config('synchronous_commit', 'off', true))
    insert into ${executionCounters} (pipeline_id, last_index)
    select ${pipelineId}, 1 from cfg
    on conflict (pipeline_id) do update set last_index = ${executionCounters}.last_index + 1
    returning last_index`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as {
    last_index: number;
  }[];
  if (!rows[0]) throw new Error('execution number was not reserved');
  return Number(rows[0].last_index);
}

/** What createExecution checks before writing: enabled, inputs (→ 409 / 422). */
export function checkRunnable(
  pipeline: RunnablePipeline,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const doc = pipeline.document;
  if (!pipeline.enabled || doc.enabled === false) {
    throw conflict(`Pipeline "${pipeline.name}" is disabled; enable it to run it`);
  }
  return mergeInputs(doc, inputs);
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

/** An execution ready to be written: its rows and live events, built without a round trip. */
export interface PreparedExecution {
  started: StartedDto;
  execution: typeof executions.$inferInsert;
  tasks: (typeof executionTasks.$inferInsert)[];
  /** execution.created (its topic and the list's); the runner is woken with them. */
  live: LiveEventInput[];
}

/**
 * Checks the pipeline and inputs (409 / 422) and builds the rows of a QUEUED execution with one
 * NOT_STARTED row per task. Writes nothing: createExecution writes it in a transaction, the
 * Docker receiver in the same statement as its registry event.
 */
export function prepareExecution(args: CreateExecutionArgs & { index: number }): PreparedExecution {
  const { pipeline, index } = args;
  const doc = pipeline.document;
  const inputs = checkRunnable(pipeline, args.inputs);
  const id = args.id ?? randomUUID();
  const stages: StageState[] = doc.stageOrder.map((name) => ({ name, status: 'NOT_STARTED' }));
  const tasks = doc.stageOrder.flatMap((stage, stageIndex) =>
    (doc.stages[stage]?.taskOrder ?? []).flatMap((entry, groupIndex) =>
      entry
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n && doc.stages[stage]?.tasks[n])
        .map((task) => ({
          executionId: id,
          stage,
          task,
          type: doc.stages[stage]!.tasks[task]!.type,
          stageIndex,
          groupIndex,
        })),
    ),
  );
  return {
    started: { id, index, status: 'QUEUED' },
    execution: {
      id,
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
    },
    tasks,
    live: executionLiveEvents({ id, projectId: pipeline.projectId }, 'execution.created', {
      status: 'QUEUED',
      index,
      pipelineId: pipeline.id,
    }),
  };
}

/** The runner's wake-up, sent once the execution is committed. */
export const RUNNER_WAKE = ['slipway_runner', 'wake'] as const;

/**
 * Creates an execution (QUEUED) with one NOT_STARTED row per task, inside the caller's
 * transaction. The runner is woken by NOTIFY once the transaction commits.
 */
export async function createExecution(tx: DbOrTx, args: CreateExecutionArgs): Promise<StartedDto> {
  checkRunnable(args.pipeline, args.inputs); // refuse before a number is taken
  const index = args.index ?? (await reserveExecutionIndex(tx, args.pipeline.id));
  const p = prepareExecution({ ...args, index });
  await tx.insert(executions).values(p.execution);
  if (p.tasks.length) await tx.insert(executionTasks).values(p.tasks);
  const live = args.live ?? new LiveBatch();
  live.add(...p.live).notify(...RUNNER_WAKE);
  if (!args.live) await live.flush(tx);
  return p.started;
}
