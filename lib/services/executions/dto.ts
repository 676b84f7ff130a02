import type { executions, executionTasks } from '../../db/schema';
import type { ExecutionDto, ExecutionSummaryDto } from '../../schemas/execution';
import type { PipelineDoc } from '../../schemas/pipeline';

type Row = typeof executions.$inferSelect;
type TaskRow = typeof executionTasks.$inferSelect;
type Person = { id: string; name: string; email: string } | null;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The trigger as shown: never the Docker Hub callback URL (it authorises reporting back). */
function publicTrigger(t: Row['trigger']): ExecutionSummaryDto['trigger'] {
  const { callbackUrl: _hidden, ...rest } = t;
  return rest;
}

export function toSummary(r: Row, person: Person): ExecutionSummaryDto {
  const end = r.endedAt ?? null;
  return {
    id: r.id,
    index: r.index,
    projectId: r.projectId,
    pipeline: { id: r.pipelineId, name: r.pipelineName },
    status: r.status,
    trigger: publicTrigger(r.trigger),
    startedBy: person,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    durationMs: r.startedAt ? (end ?? new Date()).getTime() - r.startedAt.getTime() : null,
    message: r.message,
  };
}

export function toDetail(r: Row, person: Person, tasks: TaskRow[]): ExecutionDto {
  const doc = r.pipeline as unknown as PipelineDoc;
  return {
    ...toSummary(r, person),
    inputs: r.inputs,
    outputs: r.outputs ?? null,
    stages: r.stages.map((s, si) => ({
      name: s.name,
      status: s.status,
      startedAt: s.startedAt ?? null,
      endedAt: s.endedAt ?? null,
      tasks: tasks
        .filter((t) => t.stageIndex === si)
        .map((t) => ({
          name: t.task,
          type: t.type,
          status: t.status,
          startedAt: iso(t.startedAt),
          endedAt: iso(t.endedAt),
          input:
            t.input ??
            (doc.stages[t.stage]?.tasks[t.task]?.input as Record<string, unknown>) ??
            null,
          output: t.output ?? null,
          message: t.message,
          attempt: t.attempt,
          expiresAt: iso(t.expiresAt),
        })),
    })),
  };
}
