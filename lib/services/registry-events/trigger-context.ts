import { and, eq, sql } from 'drizzle-orm';
import { ROLE_RANK } from '../../auth/actor';
import type { DbOrTx } from '../../db/client';
import {
  apiTokens,
  dockerWebhooks,
  pipelines,
  projectMembers,
  users,
  type DockerWebhookRow,
  type EventResult,
  type PipelineRow,
  type Role,
} from '../../db/schema';
import type { DockerPush } from '../../receiver/docker-hub-payload';
import { tagMatches } from '../../receiver/tag-pattern';
import type { PipelineForRun } from '../pipelines/for-run';
import { readDocument } from '../pipelines/view';

export interface Decision {
  result: EventResult;
  reason: string;
  /** Set when TRIGGERED: what the execution needs. */
  run?: { pipeline: PipelineForRun; userId: string };
}

/** A webhook with everything the decision needs: its pipeline, API token, token user, role. */
export interface WebhookContext {
  webhook: DockerWebhookRow;
  pipeline: PipelineRow | null;
  token: { id: string; name: string; revokedAt: Date | null; expiresAt: Date } | null;
  user: { id: string; email: string; admin: boolean } | null;
  role: Role | null;
}

/**
 * The webhook whose secure token hashes to `tokenHash`, with its context, in ONE round trip:
 * the receiver authenticates and gathers what it decides with before reading the body.
 */
export async function loadWebhookByToken(
  db: DbOrTx,
  tokenHash: string,
): Promise<WebhookContext | undefined> {
  const [row] = await webhookByTokenQuery(db).execute({ tokenHash });
  return row;
}

function buildWebhookByToken(db: DbOrTx) {
  return db
    .select({
      webhook: dockerWebhooks,
      pipeline: pipelines,
      token: {
        id: apiTokens.id,
        name: apiTokens.name,
        revokedAt: apiTokens.revokedAt,
        expiresAt: apiTokens.expiresAt,
      },
      user: { id: users.id, email: users.email, admin: users.admin },
      role: projectMembers.role,
    })
    .from(dockerWebhooks)
    .leftJoin(pipelines, eq(pipelines.id, dockerWebhooks.pipelineId))
    .leftJoin(apiTokens, eq(apiTokens.id, dockerWebhooks.apiTokenId))
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(
      projectMembers,
      and(
        eq(projectMembers.projectId, dockerWebhooks.projectId),
        eq(projectMembers.userId, users.id),
      ),
    )
    .where(eq(dockerWebhooks.secureTokenHash, sql.placeholder('tokenHash')))
    .prepare('slipway_webhook_by_token');
}

/** Built once per database handle: the receiver runs it for every delivery. */
const webhookByToken = new WeakMap<object, ReturnType<typeof buildWebhookByToken>>();
function webhookByTokenQuery(db: DbOrTx) {
  let q = webhookByToken.get(db);
  if (!q) webhookByToken.set(db, (q = buildWebhookByToken(db)));
  return q;
}

/** What the webhook makes of a valid push (before the duplicate check). */
export function decide(c: WebhookContext, push: DockerPush): Decision {
  const w = c.webhook;
  if (!w.enabled) return { result: 'SKIPPED_DISABLED', reason: 'The webhook is disabled' };
  if (push.namespace !== w.repoNamespace || push.name !== w.repoName) {
    return {
      result: 'NOT_MATCHED',
      reason: `Repository ${push.namespace}/${push.name} is not the webhook's ${w.repoNamespace}/${w.repoName}`,
    };
  }
  if (!tagMatches(w.tagPattern, push.tag)) {
    return {
      result: 'NOT_MATCHED',
      reason: `Tag "${push.tag}" does not match the filter ${w.tagPattern}`,
    };
  }
  const fail = (reason: string): Decision => ({ result: 'FAILED', reason });
  if (!c.token || !c.user)
    return fail("The webhook's API token no longer exists; give it a new one");
  if (c.token.revokedAt) return fail(`The webhook's API token "${c.token.name}" was revoked`);
  if (c.token.expiresAt <= new Date())
    return fail(`The webhook's API token "${c.token.name}" has expired`);
  if (!c.user.admin && (!c.role || ROLE_RANK[c.role] < ROLE_RANK.EXECUTOR)) {
    return fail(
      `Cannot run: the API token belongs to ${c.user.email}, who may not run pipelines in this project (needs EXECUTOR or more)`,
    );
  }
  const p = c.pipeline;
  if (!p) return fail('The pipeline no longer exists');
  if (!p.enabled) return fail(`Pipeline "${p.name}" is disabled`);
  const pipeline: PipelineForRun = {
    id: p.id,
    projectId: p.projectId,
    name: p.name,
    enabled: p.enabled,
    concurrency: p.concurrency,
    document: readDocument(p),
  };
  return { result: 'TRIGGERED', reason: '', run: { pipeline, userId: c.user.id } };
}
