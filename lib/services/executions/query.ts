import { and, asc, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { notFound } from '../../api/errors';
import { decodeCursor, toPage, type Page } from '../../api/pagination';
import { executionLogs, executions, executionTasks, users } from '../../db/schema';
import type { ExecutionDto, ExecutionSummaryDto } from '../../schemas/execution';
import { isUuid, requireProject, requireProjectAccess, visibleProjectIds } from '../access';
import type { Ctx } from '../context';
import { toDetail, toSummary } from './dto';

export type ExecutionRow = typeof executions.$inferSelect;

export interface ListExecutionsQuery {
  project?: string;
  pipeline?: string;
  status?: ExecutionRow['status'][];
  cursor?: string;
  limit: number;
}

/** Newest first, keyset-paginated, only projects the caller is a member of. */
export async function listExecutions(
  ctx: Ctx,
  q: ListExecutionsQuery,
): Promise<Page<ExecutionSummaryDto>> {
  const where: (SQL | undefined)[] = [];
  if (q.project) {
    const p = await requireProject(ctx, q.project, 'VIEWER');
    where.push(eq(executions.projectId, p.id));
  } else {
    const ids = await visibleProjectIds(ctx);
    if (ids && ids.length === 0) return { items: [], nextCursor: null };
    if (ids) where.push(inArray(executions.projectId, ids));
  }
  if (q.pipeline) {
    where.push(
      isUuid(q.pipeline)
        ? eq(executions.pipelineId, q.pipeline)
        : eq(executions.pipelineName, q.pipeline),
    );
  }
  if (q.status?.length) where.push(inArray(executions.status, q.status));
  const c = decodeCursor(q.cursor);
  if (c) {
    const t = new Date(c.t);
    where.push(
      or(lt(executions.createdAt, t), and(eq(executions.createdAt, t), lt(executions.id, c.id))),
    );
  }
  const rows = await ctx.db
    .select({ e: executions, u: { id: users.id, name: users.name, email: users.email } })
    .from(executions)
    .leftJoin(users, eq(users.id, executions.startedBy))
    .where(and(...where))
    .orderBy(desc(executions.createdAt), desc(executions.id))
    .limit(q.limit + 1);
  return toPage(
    rows,
    q.limit,
    (r) => toSummary(r.e, r.u?.id ? r.u : null),
    (r) => ({ t: r.e.createdAt.toISOString(), id: r.e.id }),
  );
}

/** Loads an execution the caller may see (not a member → 404). */
export async function requireExecution(
  ctx: Ctx,
  id: string,
  minRole: 'VIEWER' | 'EXECUTOR' = 'VIEWER',
): Promise<ExecutionRow> {
  if (!isUuid(id)) throw notFound(`Execution "${id}"`);
  const [row] = await ctx.db.select().from(executions).where(eq(executions.id, id));
  if (!row) throw notFound(`Execution "${id}"`);
  await requireProjectAccess(ctx, row.projectId, minRole, `Execution "${id}"`);
  return row;
}

export async function getExecution(ctx: Ctx, id: string): Promise<ExecutionDto> {
  const row = await requireExecution(ctx, id);
  const tasks = await ctx.db
    .select()
    .from(executionTasks)
    .where(eq(executionTasks.executionId, id))
    .orderBy(asc(executionTasks.stageIndex), asc(executionTasks.groupIndex));
  let person = null;
  if (row.startedBy) {
    const [u] = await ctx.db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, row.startedBy));
    person = u ?? null;
  }
  return toDetail(row, person, tasks);
}

/** A task's stored log (secrets were masked when it was written). */
export async function getTaskLog(
  ctx: Ctx,
  id: string,
  stage: string,
  task: string,
): Promise<{ content: string; truncated: boolean }> {
  await requireExecution(ctx, id);
  const [t] = await ctx.db
    .select({ id: executionTasks.id })
    .from(executionTasks)
    .where(
      and(
        eq(executionTasks.executionId, id),
        eq(executionTasks.stage, stage),
        eq(executionTasks.task, task),
      ),
    );
  if (!t) throw notFound(`Task "${task}" of stage "${stage}"`);
  const [log] = await ctx.db
    .select({ content: executionLogs.content, truncated: executionLogs.truncated })
    .from(executionLogs)
    .where(eq(executionLogs.taskId, t.id));
  return log ?? { content: '', truncated: false };
}
