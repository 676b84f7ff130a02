import { and, eq, sql } from 'drizzle-orm';
import { ROLE_RANK } from '../../auth/actor';
import type { DbOrTx } from '../../db/client';
import {
  apiTokens,
  pipelines,
  projectMembers,
  users,
  type DockerWebhookRow,
  type EventResult,
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

/**
 * Everything the decision needs (pipeline, token, its user and their role) in ONE round trip:
 * the receiver's transaction stays short under load.
 */
async function loadContext(tx: DbOrTx, w: DockerWebhookRow) {
  const [row] = await tx
    .select({
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
    .from(sql`(select 1) as one`)
    .leftJoin(pipelines, eq(pipelines.id, w.pipelineId))
    .leftJoin(apiTokens, eq(apiTokens.id, w.apiTokenId ?? sql`null::uuid`))
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(
      projectMembers,
      and(eq(projectMembers.projectId, w.projectId), eq(projectMembers.userId, users.id)),
    );
  return row!;
}

/** What the webhook makes of a valid push (before the duplicate check). */
export async function decide(tx: DbOrTx, w: DockerWebhookRow, push: DockerPush): Promise<Decision> {
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
  const c = await loadContext(tx, w);
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
