import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { liveStreamResponse, parseLastEventId } from '../../live/sse';
import { REGISTRY_EVENTS_TOPIC } from './live';
import { AppError, notFound } from '../../api/errors';
import { decodeCursor, toPage, type Page } from '../../api/pagination';
import { dockerWebhooks, projects, registryEvents, type EventResult } from '../../db/schema';
import type { RegistryEventDto } from '../../schemas/docker-webhook';
import { isUuid, requireProject, requireProjectAccess, visibleProjectIds } from '../access';
import type { Ctx } from '../context';

async function selectEvents(ctx: Ctx, where: SQL | undefined, limit: number) {
  return ctx.db
    .select({ e: registryEvents, webhookName: dockerWebhooks.name, projectName: projects.name })
    .from(registryEvents)
    .innerJoin(dockerWebhooks, eq(dockerWebhooks.id, registryEvents.webhookId))
    .innerJoin(projects, eq(projects.id, registryEvents.projectId))
    .where(where)
    .orderBy(desc(registryEvents.receivedAt), desc(registryEvents.id))
    .limit(limit);
}

type Joined = Awaited<ReturnType<typeof selectEvents>>[number];

function toDto(r: Joined): RegistryEventDto {
  const e = r.e;
  return {
    id: e.id,
    receivedAt: e.receivedAt.toISOString(),
    webhook: { id: e.webhookId, name: r.webhookName },
    project: { id: e.projectId, name: r.projectName },
    repository: e.repository,
    tag: e.tag,
    images: e.images,
    owner: e.owner,
    result: e.result,
    reason: e.reason,
    executionId: e.executionId,
    resubmittedFrom: e.resubmittedFrom,
    callback: e.callback ?? null,
  };
}

/** Activity: newest first, filtered by project, webhook (id or name) and result. */
export async function listRegistryEvents(
  ctx: Ctx,
  q: { project?: string; webhook?: string; result?: EventResult; cursor?: string; limit: number },
): Promise<Page<RegistryEventDto>> {
  const conds: SQL[] = [];
  let projectId: string | undefined;
  if (q.project) {
    projectId = (await requireProject(ctx, q.project, 'VIEWER')).id;
    conds.push(eq(registryEvents.projectId, projectId));
  } else {
    const ids = await visibleProjectIds(ctx);
    if (ids && ids.length === 0) return { items: [], nextCursor: null };
    if (ids) conds.push(inArray(registryEvents.projectId, ids));
  }
  if (q.webhook) {
    if (isUuid(q.webhook)) conds.push(eq(registryEvents.webhookId, q.webhook));
    else {
      if (!projectId)
        throw new AppError(
          'BAD_REQUEST',
          'Filtering by webhook name needs project; or give the webhook id',
        );
      conds.push(eq(dockerWebhooks.name, q.webhook));
    }
  }
  if (q.result) conds.push(eq(registryEvents.result, q.result));
  const c = decodeCursor(q.cursor);
  if (c) {
    const at = new Date(c.t);
    conds.push(
      or(
        lt(registryEvents.receivedAt, at),
        and(eq(registryEvents.receivedAt, at), lt(registryEvents.id, c.id)),
      )!,
    );
  }
  const rows = await selectEvents(ctx, and(...conds), q.limit + 1);
  return toPage(rows, q.limit, toDto, (r) => ({ t: r.e.receivedAt.toISOString(), id: r.e.id }));
}

export async function getRegistryEvent(ctx: Ctx, id: string): Promise<RegistryEventDto> {
  const [row] = isUuid(id) ? await selectEvents(ctx, eq(registryEvents.id, id), 1) : [];
  if (!row) throw notFound(`Registry event "${id}"`);
  await requireProjectAccess(ctx, row.e.projectId, 'VIEWER', `Registry event "${id}"`);
  return toDto(row);
}

/** SSE of registry events of one project (or all the caller's projects), from now on. */
export async function streamRegistryEvents(
  ctx: Ctx,
  project: string | undefined,
  req: Request,
): Promise<Response> {
  const projectIds = project
    ? [(await requireProject(ctx, project, 'VIEWER')).id]
    : await visibleProjectIds(ctx);
  return liveStreamResponse({
    db: ctx.db,
    topic: REGISTRY_EVENTS_TOPIC,
    projectIds,
    lastEventId: parseLastEventId(req),
    signal: req.signal,
  });
}
