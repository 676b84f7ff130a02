import { and, desc, eq, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import { conflict, notFound, validationFailed } from '../../api/errors';
import { decodeCursor, toPage, type Page } from '../../api/pagination';
import { dockerWebhooks, pipelines, projects, variables, type PipelineRow } from '../../db/schema';
import { stripServerKeys } from '../../pipeline/document-yaml';
import { validatePipeline } from '../../pipeline/validate';
import type { PipelineDoc } from '../../schemas/pipeline';
import { isUuid, requireProject, requireProjectAccess, visibleProjectIds } from '../access';
import { inTransaction, type Ctx } from '../context';
import {
  lastExecutions,
  readDocument,
  toDetail,
  toSummary,
  type PipelineDetailDto,
  type PipelineSummaryDto,
} from './view';

/** A document as received: parsed JSON or YAML, plus the YAML text for line numbers. */
export interface PipelineSource {
  raw: unknown;
  yamlText?: string;
}

export type PipelineDetail = PipelineDetailDto;

const asRecord = (raw: unknown): Record<string, unknown> => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw validationFailed([{ path: '', message: 'a pipeline document must be an object' }]);
  }
  return stripServerKeys(raw) as Record<string, unknown>;
};

async function variableNames(ctx: Ctx, projectId: string): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ name: variables.name })
    .from(variables)
    .where(eq(variables.projectId, projectId));
  return new Set(rows.map((r) => r.name));
}

/** Validates against the project (its variables); throws 422 with every issue. */
async function checkedDocument(
  ctx: Ctx,
  projectId: string,
  doc: Record<string, unknown>,
  yamlText?: string,
) {
  const r = validatePipeline(doc, { variableNames: await variableNames(ctx, projectId), yamlText });
  if (!r.ok) throw validationFailed(r.issues);
  const { project: _project, ...stored } = r.doc;
  void _project;
  return stored as PipelineDoc;
}

const columns = (doc: PipelineDoc) => ({
  name: doc.name,
  description: doc.description,
  enabled: doc.enabled,
  concurrency: doc.concurrency,
  autoInject: doc.autoInject ?? null,
  document: JSON.stringify(doc),
});

async function assertNameFree(ctx: Ctx, projectId: string, name: string, exceptId?: string) {
  const [clash] = await ctx.db
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(and(eq(pipelines.projectId, projectId), eq(pipelines.name, name)));
  if (clash && clash.id !== exceptId) {
    throw conflict(`A pipeline named "${name}" already exists in this project`, {
      issues: [{ path: 'name', message: `"${name}" is already used in this project` }],
    });
  }
}

export async function createPipeline(ctx: Ctx, src: PipelineSource): Promise<PipelineDetail> {
  const raw = asRecord(src.raw);
  if (typeof raw.project !== 'string' || !raw.project.trim()) {
    throw validationFailed([{ path: 'project', message: 'choose a project (its name or id)' }]);
  }
  const project = await requireProject(ctx, raw.project, 'DEVELOPER');
  const doc = await checkedDocument(ctx, project.id, raw, src.yamlText);
  return inTransaction(ctx, async (tx) => {
    await assertNameFree(tx, project.id, doc.name);
    const [row] = await tx.db
      .insert(pipelines)
      .values({ projectId: project.id, createdBy: ctx.actor.userId || null, ...columns(doc) })
      .returning();
    return toDetail(row!, project.name, undefined);
  });
}

async function loadRow(ctx: Ctx, id: string, minRole: 'VIEWER' | 'DEVELOPER') {
  if (!isUuid(id)) throw notFound(`Pipeline "${id}"`);
  const [found] = await ctx.db
    .select({ row: pipelines, projectName: projects.name })
    .from(pipelines)
    .innerJoin(projects, eq(projects.id, pipelines.projectId))
    .where(eq(pipelines.id, id));
  if (!found) throw notFound(`Pipeline "${id}"`);
  await requireProjectAccess(ctx, found.row.projectId, minRole, `Pipeline "${id}"`);
  return found;
}

export async function getPipeline(ctx: Ctx, id: string): Promise<PipelineDetail> {
  const { row, projectName } = await loadRow(ctx, id, 'VIEWER');
  const last = await lastExecutions(ctx.db, [row.id]);
  return toDetail(row, projectName, last.get(row.id));
}

/** The row and project name, for export. */
export async function getPipelineRow(ctx: Ctx, id: string) {
  return loadRow(ctx, id, 'VIEWER');
}

/**
 * PATCH: YAML replaces the whole document; JSON is a merge patch on the top-level keys (a null
 * value removes a key), so `{"enabled": false}` disables a pipeline.
 */
export async function updatePipeline(
  ctx: Ctx,
  id: string,
  src: PipelineSource & { replace?: boolean },
): Promise<PipelineDetail> {
  const { row, projectName } = await loadRow(ctx, id, 'DEVELOPER');
  const patch = asRecord(src.raw);
  if (
    typeof patch.project === 'string' &&
    patch.project !== projectName &&
    patch.project !== row.projectId
  ) {
    throw validationFailed([
      { path: 'project', message: 'a pipeline cannot move to another project; import it there' },
    ]);
  }
  let next: Record<string, unknown>;
  if (src.replace) next = patch;
  else {
    next = { ...(readDocument(row) as unknown as Record<string, unknown>) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
  }
  const doc = await checkedDocument(ctx, row.projectId, next, src.yamlText);
  return inTransaction(ctx, async (tx) => {
    await assertNameFree(tx, row.projectId, doc.name, row.id);
    const [updated] = await tx.db
      .update(pipelines)
      .set({ ...columns(doc), updatedAt: new Date() })
      .where(eq(pipelines.id, row.id))
      .returning();
    const last = await lastExecutions(tx.db, [row.id]);
    return toDetail(updated!, projectName, last.get(row.id));
  });
}

/** A copy named "<name> copy" (or the given name) in the same project. */
export async function duplicatePipeline(
  ctx: Ctx,
  id: string,
  opts: { name?: string } = {},
): Promise<PipelineDetail> {
  const { row, projectName } = await loadRow(ctx, id, 'DEVELOPER');
  let name = opts.name?.trim();
  if (!name) {
    const taken = new Set(
      (
        await ctx.db
          .select({ name: pipelines.name })
          .from(pipelines)
          .where(eq(pipelines.projectId, row.projectId))
      ).map((r) => r.name),
    );
    name = `${row.name} copy`.slice(0, 100);
    for (let i = 2; taken.has(name); i++) name = `${row.name} copy ${i}`.slice(0, 100);
  }
  const doc = { ...readDocument(row), name };
  return createPipeline(ctx, { raw: { ...doc, project: row.projectId } }).then((d) => ({
    ...d,
    project: projectName,
  }));
}

export async function deletePipeline(ctx: Ctx, id: string): Promise<void> {
  const { row } = await loadRow(ctx, id, 'DEVELOPER');
  const hooks = await ctx.db
    .select({ id: dockerWebhooks.id, name: dockerWebhooks.name })
    .from(dockerWebhooks)
    .where(eq(dockerWebhooks.pipelineId, row.id));
  if (hooks.length > 0) {
    const names = hooks.map((h) => `"${h.name}"`).join(', ');
    throw conflict(
      `Pipeline "${row.name}" is used by Docker webhook ${names}; change or delete it first`,
      {
        webhooks: hooks,
      },
    );
  }
  await ctx.db.delete(pipelines).where(eq(pipelines.id, row.id));
}

export interface PipelineListOptions {
  project?: string;
  name?: string;
  enabled?: 'true' | 'false';
  cursor?: string;
  limit: number;
}

/** Newest first, keyset-paginated, with each pipeline's last execution. */
export async function listPipelines(
  ctx: Ctx,
  q: PipelineListOptions,
): Promise<Page<PipelineSummaryDto>> {
  const conds: (SQL | undefined)[] = [];
  if (q.project) {
    const p = await requireProject(ctx, q.project, 'VIEWER');
    conds.push(eq(pipelines.projectId, p.id));
  } else {
    const ids = await visibleProjectIds(ctx);
    if (ids && ids.length === 0) return { items: [], nextCursor: null };
    if (ids) conds.push(inArray(pipelines.projectId, ids));
  }
  if (q.name) conds.push(ilike(pipelines.name, `%${q.name.replace(/[%_\\]/g, '\\$&')}%`));
  if (q.enabled) conds.push(eq(pipelines.enabled, q.enabled === 'true'));
  const c = decodeCursor(q.cursor);
  if (c) {
    const t = new Date(c.t);
    conds.push(
      or(lt(pipelines.createdAt, t), and(eq(pipelines.createdAt, t), lt(pipelines.id, c.id))),
    );
  }
  const rows = await ctx.db
    .select({ row: pipelines, projectName: projects.name })
    .from(pipelines)
    .innerJoin(projects, eq(projects.id, pipelines.projectId))
    .where(and(...conds))
    .orderBy(desc(pipelines.createdAt), desc(pipelines.id))
    .limit(q.limit + 1);
  const last = await lastExecutions(
    ctx.db,
    rows.slice(0, q.limit).map((r) => r.row.id),
  );
  return toPage(
    rows,
    q.limit,
    (r) => toSummary(r.row, r.projectName, last.get(r.row.id)),
    (r) => ({ t: r.row.createdAt.toISOString(), id: r.row.id }),
  );
}

export type { PipelineRow };
