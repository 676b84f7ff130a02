import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import { forbidden, notFound, validationFailed } from '../../api/errors';
import { decodeCursor, toPage, type Page } from '../../api/pagination';
import { encryptSecret } from '../../crypto/secrets';
import {
  pipelines,
  projects,
  variablePipelines,
  variables,
  type VariableRow,
} from '../../db/schema';
import {
  MASK,
  type CreateVariableBody,
  type UpdateVariableBody,
  type VariableDto,
} from '../../schemas/variable';
import { isUuid, requireProject, requireProjectAccess, visibleProjectIds } from '../access';
import { inTransaction, type Ctx } from '../context';

export { loadVariablesForExecution, type ExecutionVariables } from './for-execution';

const isSecret = (type: VariableRow['type']) => type !== 'REGULAR';

async function allowedOf(ctx: Ctx, ids: string[]) {
  const out = new Map<string, { id: string; name: string }[]>();
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .select({ variableId: variablePipelines.variableId, id: pipelines.id, name: pipelines.name })
    .from(variablePipelines)
    .innerJoin(pipelines, eq(pipelines.id, variablePipelines.pipelineId))
    .where(inArray(variablePipelines.variableId, ids))
    .orderBy(asc(pipelines.name));
  for (const r of rows)
    out.set(r.variableId, [...(out.get(r.variableId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

function toDto(
  row: VariableRow,
  project: string,
  allowed: { id: string; name: string }[] = [],
): VariableDto {
  return {
    id: row.id,
    project,
    projectId: row.projectId,
    name: row.name,
    type: row.type,
    value: isSecret(row.type) ? MASK : row.value,
    description: row.description,
    allowedPipelines: row.type === 'RESTRICTED' ? allowed : [],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const stored = (type: VariableRow['type'], value: string) =>
  isSecret(type) ? { value: '', valueEnc: encryptSecret(value) } : { value, valueEnc: null };

/** Pipeline ids or names of the project → ids; unknown ones are a 422 naming them. */
async function resolvePipelines(ctx: Ctx, projectId: string, refs: string[]) {
  const rows = await ctx.db
    .select({ id: pipelines.id, name: pipelines.name })
    .from(pipelines)
    .where(eq(pipelines.projectId, projectId));
  return refs.map((ref, i) => {
    const hit = rows.find((r) => r.id === ref || r.name === ref);
    if (!hit) {
      throw validationFailed([
        { path: `allowedPipelines.${i}`, message: `no pipeline "${ref}" in this project` },
      ]);
    }
    return hit.id;
  });
}

async function setAllowed(ctx: Ctx, variableId: string, pipelineIds: string[]) {
  await ctx.db.delete(variablePipelines).where(eq(variablePipelines.variableId, variableId));
  const unique = [...new Set(pipelineIds)];
  if (unique.length) {
    await ctx.db
      .insert(variablePipelines)
      .values(unique.map((pipelineId) => ({ variableId, pipelineId })));
  }
}

export async function createVariable(ctx: Ctx, input: CreateVariableBody): Promise<VariableDto> {
  const project = await requireProject(ctx, input.project, 'DEVELOPER');
  if (input.allowedPipelines?.length) {
    if (input.type !== 'RESTRICTED') {
      throw validationFailed([
        { path: 'allowedPipelines', message: 'only for RESTRICTED variables' },
      ]);
    }
    if (project.role !== 'ADMIN') throw forbidden('Only project administrators allow pipelines');
  }
  return inTransaction(ctx, async (tx) => {
    const ids = await resolvePipelines(tx, project.id, input.allowedPipelines ?? []);
    const [row] = await tx.db
      .insert(variables)
      .values({
        projectId: project.id,
        name: input.name,
        type: input.type,
        description: input.description,
        createdBy: ctx.actor.userId || null,
        ...stored(input.type, input.value),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw validationFailed(
        [{ path: 'name', message: `"${input.name}" already exists in this project` }],
        `A variable named "${input.name}" already exists in project "${project.name}"`,
      );
    }
    await setAllowed(tx, row.id, ids);
    return toDto(row, project.name, (await allowedOf(tx, [row.id])).get(row.id));
  });
}

async function loadVariable(ctx: Ctx, id: string, minRole: 'VIEWER' | 'DEVELOPER') {
  if (!isUuid(id)) throw notFound(`Variable "${id}"`);
  const [found] = await ctx.db
    .select({ row: variables, project: projects.name })
    .from(variables)
    .innerJoin(projects, eq(projects.id, variables.projectId))
    .where(eq(variables.id, id));
  if (!found) throw notFound(`Variable "${id}"`);
  const role = await requireProjectAccess(ctx, found.row.projectId, minRole, `Variable "${id}"`);
  return { ...found, role };
}

export async function getVariable(ctx: Ctx, id: string): Promise<VariableDto> {
  const { row, project } = await loadVariable(ctx, id, 'VIEWER');
  return toDto(row, project, (await allowedOf(ctx, [row.id])).get(row.id));
}

export async function updateVariable(
  ctx: Ctx,
  id: string,
  input: UpdateVariableBody,
): Promise<VariableDto> {
  const { row, project, role } = await loadVariable(ctx, id, 'DEVELOPER');
  const type = input.type ?? row.type;
  const admin = role === 'ADMIN';
  if (input.allowedPipelines && !admin)
    throw forbidden('Only project administrators allow pipelines');
  if (row.type === 'RESTRICTED' && type !== 'RESTRICTED' && !admin) {
    throw forbidden('Only project administrators may lift a RESTRICTED variable');
  }
  if (isSecret(row.type) && !isSecret(type) && input.value === undefined) {
    throw validationFailed([
      { path: 'value', message: 'send a new value: a secret is never turned into plain text' },
    ]);
  }
  let value: { value: string; valueEnc: string | null } | undefined;
  if (input.value !== undefined) value = stored(type, input.value);
  else if (!isSecret(row.type) && isSecret(type)) value = stored(type, row.value);
  return inTransaction(ctx, async (tx) => {
    const [updated] = await tx.db
      .update(variables)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        type,
        ...value,
        updatedAt: new Date(),
      })
      .where(eq(variables.id, row.id))
      .returning();
    if (input.allowedPipelines) {
      await setAllowed(
        tx,
        row.id,
        await resolvePipelines(tx, row.projectId, input.allowedPipelines),
      );
    }
    return toDto(updated!, project, (await allowedOf(tx, [row.id])).get(row.id));
  });
}

export async function deleteVariable(ctx: Ctx, id: string): Promise<void> {
  const { row } = await loadVariable(ctx, id, 'DEVELOPER');
  await ctx.db.delete(variables).where(eq(variables.id, row.id));
}

/** Ordered by name (then id); keyset cursor over (name, id). */
export async function listVariables(
  ctx: Ctx,
  q: { project?: string; cursor?: string; limit: number },
): Promise<Page<VariableDto>> {
  let projectIds: string[] | null;
  if (q.project) projectIds = [(await requireProject(ctx, q.project, 'VIEWER')).id];
  else projectIds = await visibleProjectIds(ctx);
  if (projectIds && projectIds.length === 0) return { items: [], nextCursor: null };
  const c = decodeCursor(q.cursor);
  const rows = await ctx.db
    .select({ row: variables, project: projects.name })
    .from(variables)
    .innerJoin(projects, eq(projects.id, variables.projectId))
    .where(
      and(
        projectIds ? inArray(variables.projectId, projectIds) : undefined,
        c
          ? or(gt(variables.name, c.t), and(eq(variables.name, c.t), gt(variables.id, c.id)))
          : undefined,
      ),
    )
    .orderBy(asc(variables.name), asc(variables.id))
    .limit(q.limit + 1);
  const allowed = await allowedOf(
    ctx,
    rows.map((r) => r.row.id),
  );
  const page = toPage(
    rows,
    q.limit,
    (r) => toDto(r.row, r.project, allowed.get(r.row.id)),
    (r) => ({ t: r.row.name, id: r.row.id }),
  );
  return page;
}
