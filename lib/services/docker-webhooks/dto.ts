import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import {
  apiTokens,
  dockerWebhooks,
  endpoints,
  pipelines,
  projects,
  users,
  type DockerWebhookRow,
} from '../../db/schema';
import type { DockerWebhookDto } from '../../schemas/docker-webhook';
import { hookUrlFor } from './secure-token';

const tokenUser = alias(users, 'token_user');

/** Loads webhooks with the names of everything they reference, newest first. */
export async function selectWebhooks(db: DbOrTx, where: SQL | undefined, limit = 200) {
  return db
    .select({
      w: dockerWebhooks,
      projectName: projects.name,
      endpointName: endpoints.name,
      pipelineName: pipelines.name,
      token: apiTokens,
      user: { id: tokenUser.id, name: tokenUser.name, email: tokenUser.email },
    })
    .from(dockerWebhooks)
    .innerJoin(projects, eq(projects.id, dockerWebhooks.projectId))
    .innerJoin(endpoints, eq(endpoints.id, dockerWebhooks.endpointId))
    .leftJoin(pipelines, eq(pipelines.id, dockerWebhooks.pipelineId))
    .leftJoin(apiTokens, eq(apiTokens.id, dockerWebhooks.apiTokenId))
    .leftJoin(tokenUser, eq(tokenUser.id, apiTokens.userId))
    .where(where)
    .orderBy(desc(dockerWebhooks.createdAt), desc(dockerWebhooks.id))
    .limit(limit);
}

export type WebhookJoined = Awaited<ReturnType<typeof selectWebhooks>>[number];

export function keysetBefore(t: string, id: string): SQL {
  const at = new Date(t);
  return or(
    lt(dockerWebhooks.createdAt, at),
    and(eq(dockerWebhooks.createdAt, at), lt(dockerWebhooks.id, id)),
  )!;
}

export const inProjects = (ids: string[]) => inArray(dockerWebhooks.projectId, ids);

export function toDto(r: WebhookJoined, now = new Date()): DockerWebhookDto {
  const w: DockerWebhookRow = r.w;
  return {
    id: w.id,
    project: { id: w.projectId, name: r.projectName },
    name: w.name,
    description: w.description,
    endpoint: { id: w.endpointId, name: r.endpointName },
    pipeline: { id: w.pipelineId, name: r.pipelineName ?? '(deleted pipeline)' },
    repository: `${w.repoNamespace}/${w.repoName}`,
    tagPattern: w.tagPattern,
    inputs: w.inputs,
    enabled: w.enabled,
    apiToken:
      r.token && r.user
        ? {
            id: r.token.id,
            name: r.token.name,
            expiresAt: r.token.expiresAt.toISOString(),
            status: r.token.revokedAt ? 'REVOKED' : r.token.expiresAt <= now ? 'EXPIRED' : 'ACTIVE',
            user: { id: r.user.id, name: r.user.name, email: r.user.email },
          }
        : null,
    hookUrl: hookUrlFor(w.secureTokenEnc),
    sync: { state: w.syncState, message: w.syncMessage, at: w.syncedAt?.toISOString() ?? null },
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
