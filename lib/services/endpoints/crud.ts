import { and, asc, eq, gt, inArray, or, type SQL } from 'drizzle-orm';
import { conflict, notFound, validationFailed } from '../../api/errors';
import { decodeCursor, toPage, type Page } from '../../api/pagination';
import { endpoints, projects } from '../../db/schema';
import type {
  CreateEndpointInputT,
  EndpointDto,
  UpdateEndpointInputT,
} from '../../schemas/endpoint';
import { requireProject, requireProjectAccess, visibleProjectIds, isUuid } from '../access';
import type { Ctx } from '../context';
import { normalizeProperties, presentProperties } from './properties';
import { readSecrets, sealSecrets, type EndpointRow } from './secrets';
import { ensureTrustedOrPinned } from './trust';
import { SECRET_KEYS } from './types';
import { findEndpointUsages, type EndpointUsage } from './usages';

export function toEndpointDto(row: EndpointRow, projectName: string): EndpointDto {
  return {
    id: row.id,
    project: { id: row.projectId, name: projectName },
    name: row.name,
    type: row.type,
    properties: presentProperties(row.type, row.properties, Object.keys(readSecrets(row))),
    lastValidation: row.lastValidation ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listEndpoints(
  ctx: Ctx,
  q: { project?: string; type?: EndpointRow['type']; cursor?: string; limit: number },
): Promise<Page<EndpointDto>> {
  const conds: (SQL | undefined)[] = [];
  if (q.project) {
    const p = await requireProject(ctx, q.project, 'VIEWER');
    conds.push(eq(endpoints.projectId, p.id));
  } else {
    const ids = await visibleProjectIds(ctx);
    if (ids && ids.length === 0) return { items: [], nextCursor: null };
    if (ids) conds.push(inArray(endpoints.projectId, ids));
  }
  if (q.type) conds.push(eq(endpoints.type, q.type));
  const c = decodeCursor(q.cursor);
  if (c)
    conds.push(or(gt(endpoints.name, c.t), and(eq(endpoints.name, c.t), gt(endpoints.id, c.id))));
  const rows = await ctx.db
    .select({ e: endpoints, projectName: projects.name })
    .from(endpoints)
    .innerJoin(projects, eq(projects.id, endpoints.projectId))
    .where(and(...conds))
    .orderBy(asc(endpoints.name), asc(endpoints.id))
    .limit(q.limit + 1);
  return toPage(
    rows,
    q.limit,
    (r) => toEndpointDto(r.e, r.projectName),
    (r) => ({ t: r.e.name, id: r.e.id }),
  );
}

/** The row and its project's name, after checking the caller's role (not a member → 404). */
export async function requireEndpoint(
  ctx: Ctx,
  id: string,
  minRole: 'VIEWER' | 'EXECUTOR' | 'DEVELOPER' | 'ADMIN',
): Promise<{ row: EndpointRow; projectName: string }> {
  const [r] = isUuid(id)
    ? await ctx.db
        .select({ e: endpoints, projectName: projects.name })
        .from(endpoints)
        .innerJoin(projects, eq(projects.id, endpoints.projectId))
        .where(eq(endpoints.id, id))
    : [];
  if (!r) throw notFound(`Endpoint "${id}"`);
  await requireProjectAccess(ctx, r.e.projectId, minRole, `Endpoint "${id}"`);
  return { row: r.e, projectName: r.projectName };
}

export async function getEndpoint(ctx: Ctx, id: string): Promise<EndpointDto> {
  const { row, projectName } = await requireEndpoint(ctx, id, 'VIEWER');
  return toEndpointDto(row, projectName);
}

async function ensureNameFree(ctx: Ctx, projectId: string, name: string, exceptId?: string) {
  const [clash] = await ctx.db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(and(eq(endpoints.projectId, projectId), eq(endpoints.name, name)));
  if (clash && clash.id !== exceptId) {
    throw conflict(`An endpoint named "${name}" already exists in this project`);
  }
}

export async function createEndpoint(ctx: Ctx, input: CreateEndpointInputT): Promise<EndpointDto> {
  const project = await requireProject(ctx, input.project, 'DEVELOPER');
  const split = normalizeProperties(input.type, input.properties as Record<string, unknown>);
  await ensureNameFree(ctx, project.id, input.name);
  await ensureTrustedOrPinned(split.config);
  const [row] = await ctx.db
    .insert(endpoints)
    .values({
      projectId: project.id,
      name: input.name,
      type: input.type,
      properties: split.shown,
      secrets: sealSecrets(split.secret),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(`An endpoint named "${input.name}" already exists in this project`);
  return toEndpointDto(row, project.name);
}

/**
 * Merges the request's properties into the stored ones. A credential left out keeps its value;
 * `null` clears it. A new host without a new fingerprint drops the old fingerprint.
 */
export async function updateEndpoint(
  ctx: Ctx,
  id: string,
  input: UpdateEndpointInputT,
): Promise<EndpointDto> {
  const { row, projectName } = await requireEndpoint(ctx, id, 'DEVELOPER');
  if (
    'type' in (input as Record<string, unknown>) &&
    (input as { type?: unknown }).type !== row.type
  ) {
    throw validationFailed([{ path: 'type', message: 'the type of an endpoint cannot change' }]);
  }
  const patch = { ...(input.properties ?? {}) };
  const merged: Record<string, unknown> = { ...row.properties, ...readSecrets(row) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null && (SECRET_KEYS[row.type] as readonly string[]).includes(k)) delete merged[k];
    else if (v !== undefined) merged[k] = v;
  }
  const oldUrl = row.properties.url;
  if (
    typeof patch.url === 'string' &&
    typeof oldUrl === 'string' &&
    hostOf(patch.url) !== hostOf(oldUrl) &&
    !('fingerprint' in patch)
  ) {
    merged.fingerprint = null;
  }
  const split = normalizeProperties(row.type, merged);
  if (input.name && input.name !== row.name) {
    await ensureNameFree(ctx, row.projectId, input.name, row.id);
    // Pipelines reference endpoints by name: a rename would break them silently.
    const users = (await findEndpointUsages(ctx.db, row)).filter((u) => u.kind === 'PIPELINE');
    if (users.length) {
      throw conflict(
        `Endpoint "${row.name}" cannot be renamed while ${describeUsages(users)} refer to it by name`,
        { usages: users },
      );
    }
  }
  await ensureTrustedOrPinned(split.config);
  const secretKeys = SECRET_KEYS[row.type] as readonly string[];
  const changed =
    stableJson(split.shown) !== stableJson(row.properties) ||
    Object.keys(patch).some((k) => secretKeys.includes(k));
  const [updated] = await ctx.db
    .update(endpoints)
    .set({
      name: input.name ?? row.name,
      properties: split.shown,
      secrets: sealSecrets(split.secret),
      ...(changed && { lastValidation: null }),
      updatedAt: new Date(),
    })
    .where(eq(endpoints.id, row.id))
    .returning();
  return toEndpointDto(updated!, projectName);
}

/** JSON with sorted keys: jsonb does not keep key order. */
function stableJson(o: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))),
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function describeUsages(usages: EndpointUsage[]): string {
  return usages
    .map((u) => `${u.kind === 'PIPELINE' ? 'pipeline' : 'Docker webhook'} "${u.name}"`)
    .join(', ');
}

/** Refused with 409, naming them, while a pipeline or Docker webhook uses the endpoint. */
export async function deleteEndpoint(ctx: Ctx, id: string): Promise<void> {
  const { row } = await requireEndpoint(ctx, id, 'DEVELOPER');
  const usages = await findEndpointUsages(ctx.db, row);
  if (usages.length) {
    throw conflict(
      `Endpoint "${row.name}" is in use by ${describeUsages(usages)}; change or delete them first`,
      {
        usages,
      },
    );
  }
  await ctx.db.delete(endpoints).where(eq(endpoints.id, row.id));
}
