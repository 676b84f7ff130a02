import { and, eq } from 'drizzle-orm';
import { AppError, notFound } from '../../api/errors';
import { decodeCursor, toPage, type Page } from '../../api/pagination';
import { dockerWebhooks } from '../../db/schema';
import { logger } from '../../log';
import { HubSyncError } from '../../registries/docker-hub-webhooks';
import type {
  CreateDockerWebhookInputT,
  DockerWebhookDto,
  UpdateDockerWebhookInputT,
} from '../../schemas/docker-webhook';
import { splitRepository } from '../../receiver/docker-naming';
import { requireProject, requireProjectAccess, visibleProjectIds } from '../access';
import { inTransaction, type Ctx } from '../context';
import { inProjects, keysetBefore, selectWebhooks, toDto } from './dto';
import {
  checkInputs,
  resolveDockerEndpoint,
  resolveDockerPipeline,
  resolveRunAsToken,
} from './references';
import { newSecureToken } from './secure-token';
import { syncWebhook, unsyncWebhook } from './sync';

export { syncWebhook } from './sync';

const what = (id: string) => `Docker webhook "${id}"`;

async function loadDto(ctx: Ctx, id: string): Promise<DockerWebhookDto> {
  const [row] = await selectWebhooks(ctx.db, eq(dockerWebhooks.id, id), 1);
  if (!row) throw notFound(what(id));
  return toDto(row);
}

async function loadRow(ctx: Ctx, id: string) {
  const [w] = /^[0-9a-f-]{36}$/i.test(id)
    ? await ctx.db.select().from(dockerWebhooks).where(eq(dockerWebhooks.id, id))
    : [];
  if (!w) throw notFound(what(id));
  return w;
}

export async function createDockerWebhook(
  ctx: Ctx,
  input: CreateDockerWebhookInputT,
): Promise<DockerWebhookDto> {
  const project = await requireProject(ctx, input.project, 'DEVELOPER');
  const id = await inTransaction(ctx, async ({ db }) => {
    const endpoint = await resolveDockerEndpoint(db, project.id, input.endpoint);
    const pipeline = await resolveDockerPipeline(db, project.id, input.pipeline);
    checkInputs(pipeline, input.inputs);
    const token = await resolveRunAsToken(db, project.id, input.refreshToken);
    const repo = splitRepository(input.repository)!;
    const secure = newSecureToken();
    const [row] = await db
      .insert(dockerWebhooks)
      .values({
        projectId: project.id,
        name: input.name,
        description: input.description,
        endpointId: endpoint.id,
        pipelineId: pipeline.id,
        repoNamespace: repo.namespace,
        repoName: repo.name,
        tagPattern: input.tagPattern || '*',
        inputs: input.inputs,
        apiTokenId: token.id,
        enabled: input.enabled,
        secureTokenEnc: secure.enc,
        secureTokenHash: secure.hash,
        syncMessage: 'Not synced with Docker Hub yet',
        createdBy: ctx.actor.userId === '' ? null : ctx.actor.userId,
      })
      .onConflictDoNothing({ target: [dockerWebhooks.projectId, dockerWebhooks.name] })
      .returning({ id: dockerWebhooks.id });
    if (!row) {
      throw new AppError(
        'CONFLICT',
        `A Docker webhook named "${input.name}" already exists in ${project.name}`,
      );
    }
    return row.id;
  });
  await syncWebhook(ctx.db, id);
  return loadDto(ctx, id);
}

export async function getDockerWebhook(ctx: Ctx, id: string): Promise<DockerWebhookDto> {
  const w = await loadRow(ctx, id);
  await requireProjectAccess(ctx, w.projectId, 'VIEWER', what(id));
  return loadDto(ctx, id);
}

export async function listDockerWebhooks(
  ctx: Ctx,
  q: { project?: string; cursor?: string; limit: number },
): Promise<Page<DockerWebhookDto>> {
  const conds = [];
  if (q.project) {
    const p = await requireProject(ctx, q.project, 'VIEWER');
    conds.push(eq(dockerWebhooks.projectId, p.id));
  } else {
    const ids = await visibleProjectIds(ctx);
    if (ids && ids.length === 0) return { items: [], nextCursor: null };
    if (ids) conds.push(inProjects(ids));
  }
  const c = decodeCursor(q.cursor);
  if (c) conds.push(keysetBefore(c.t, c.id));
  const rows = await selectWebhooks(ctx.db, and(...conds), q.limit + 1);
  return toPage(
    rows,
    q.limit,
    (r) => toDto(r),
    (r) => ({ t: r.w.createdAt.toISOString(), id: r.w.id }),
  );
}

const HUB_FIELDS = ['name', 'repository', 'endpoint', 'rotateSecureToken'] as const;

export async function updateDockerWebhook(
  ctx: Ctx,
  id: string,
  input: UpdateDockerWebhookInputT,
): Promise<DockerWebhookDto> {
  const before = await loadRow(ctx, id);
  await requireProjectAccess(ctx, before.projectId, 'DEVELOPER', what(id));
  const endpointChanged = await inTransaction(ctx, async ({ db }) => {
    const set: Partial<typeof dockerWebhooks.$inferInsert> = { updatedAt: new Date() };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.tagPattern !== undefined) set.tagPattern = input.tagPattern || '*';
    if (input.enabled !== undefined) set.enabled = input.enabled;
    if (input.endpoint !== undefined)
      set.endpointId = (await resolveDockerEndpoint(db, before.projectId, input.endpoint)).id;
    const pipeline = await resolveDockerPipeline(
      db,
      before.projectId,
      input.pipeline ?? before.pipelineId,
    );
    set.pipelineId = pipeline.id;
    if (input.inputs !== undefined || input.pipeline !== undefined) {
      const inputs = input.inputs ?? before.inputs;
      checkInputs(pipeline, inputs);
      set.inputs = inputs;
    }
    if (input.repository !== undefined) {
      const r = splitRepository(input.repository)!;
      set.repoNamespace = r.namespace;
      set.repoName = r.name;
    }
    if (input.refreshToken !== undefined) {
      set.apiTokenId = (await resolveRunAsToken(db, before.projectId, input.refreshToken)).id;
    }
    if (input.rotateSecureToken) {
      const s = newSecureToken();
      set.secureTokenEnc = s.enc;
      set.secureTokenHash = s.hash;
    }
    if (input.name !== undefined && input.name !== before.name) {
      const [clash] = await db
        .select({ id: dockerWebhooks.id })
        .from(dockerWebhooks)
        .where(
          and(eq(dockerWebhooks.projectId, before.projectId), eq(dockerWebhooks.name, input.name)),
        );
      if (clash)
        throw new AppError('CONFLICT', `A Docker webhook named "${input.name}" already exists`);
    }
    await db.update(dockerWebhooks).set(set).where(eq(dockerWebhooks.id, id));
    return set.endpointId !== undefined && set.endpointId !== before.endpointId;
  });
  if (endpointChanged) {
    // The old Hub webhook belongs to the old endpoint's account: remove it with those credentials.
    try {
      await unsyncWebhook(ctx.db, before);
    } catch (err) {
      logger.warn(
        { err, webhookId: id },
        'could not delete the Hub webhook of the previous endpoint',
      );
    }
    await ctx.db
      .update(dockerWebhooks)
      .set({ hubRepository: null, hubSlug: null })
      .where(eq(dockerWebhooks.id, id));
  }
  const needsHub =
    HUB_FIELDS.some((k) => input[k] !== undefined && input[k] !== false) ||
    before.syncState !== 'SYNCED';
  if (needsHub) await syncWebhook(ctx.db, id);
  return loadDto(ctx, id);
}

/** Retry sync: pushes the webhook to Docker Hub again and answers with the new sync state. */
export async function retryDockerWebhookSync(ctx: Ctx, id: string): Promise<DockerWebhookDto> {
  const w = await loadRow(ctx, id);
  await requireProjectAccess(ctx, w.projectId, 'DEVELOPER', what(id));
  await syncWebhook(ctx.db, id);
  return loadDto(ctx, id);
}

/**
 * Deletes the webhook on Docker Hub, then here. When the Hub refuses, nothing is deleted and the
 * error says why; `force` deletes it here anyway (the Hub's deliveries then get 401).
 */
export async function deleteDockerWebhook(
  ctx: Ctx,
  id: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  const w = await loadRow(ctx, id);
  await requireProjectAccess(ctx, w.projectId, 'DEVELOPER', what(id));
  try {
    await unsyncWebhook(ctx.db, w);
  } catch (err) {
    if (!(err instanceof HubSyncError) || opts.force) {
      if (!(err instanceof HubSyncError)) throw err;
      logger.warn(
        { webhookId: id, reason: err.message },
        'deleting a Docker webhook whose Hub webhook could not be deleted',
      );
    } else {
      const reason = err.message.replace(/[.\s]+$/, '');
      throw new AppError(
        'BAD_GATEWAY',
        `${reason}. The webhook was kept; retry, or delete with ?force=true to remove it from Slipway only`,
        { hubReason: reason },
      );
    }
  }
  await ctx.db.delete(dockerWebhooks).where(eq(dockerWebhooks.id, id));
}
