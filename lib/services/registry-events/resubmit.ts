import { eq } from 'drizzle-orm';
import { AppError, notFound } from '../../api/errors';
import { dockerWebhooks, registryEvents, type DockerWebhookRow } from '../../db/schema';
import {
  dockerInputs,
  parseDockerHubPush,
  type DockerPush,
} from '../../receiver/docker-hub-payload';
import { tagMatches } from '../../receiver/tag-pattern';
import { isUuid, requireProjectAccess } from '../access';
import { inTransaction, type Ctx } from '../context';
import { publishRegistryEvent } from './live';
import { startExecutionInTx, webhookRunInputs, type StartExecution } from './start-execution';

/**
 * Resubmit: a new execution from a recorded push, run as the member who asked (EXECUTOR or
 * more), recorded as a new TRIGGERED event that points at the original. Only a push that matched
 * the webhook can be run again (triggered, duplicate, skipped while disabled, failed), and only
 * while it still matches the webhook's repository and tag filter; a rejected delivery or a push
 * that did not match is refused with 409 — it would run the pipeline for the wrong image.
 */
export async function resubmitRegistryEvent(
  ctx: Ctx,
  id: string,
  startExecution: StartExecution = startExecutionInTx,
): Promise<{ eventId: string; executionId: string; index: number; status: string }> {
  const [orig] = isUuid(id)
    ? await ctx.db.select().from(registryEvents).where(eq(registryEvents.id, id))
    : [];
  if (!orig) throw notFound(`Registry event "${id}"`);
  await requireProjectAccess(ctx, orig.projectId, 'EXECUTOR', `Registry event "${id}"`);
  const parsed = parseDockerHubPush(orig.payload);
  if (orig.result === 'REJECTED' || !parsed.ok) {
    throw new AppError(
      'CONFLICT',
      'This delivery was rejected: it holds no valid push to run again',
    );
  }
  if (orig.result === 'NOT_MATCHED') {
    throw new AppError(
      'CONFLICT',
      `This push did not match the webhook (${orig.reason}); it cannot be resubmitted`,
    );
  }
  const [w] = await ctx.db
    .select()
    .from(dockerWebhooks)
    .where(eq(dockerWebhooks.id, orig.webhookId));
  if (!w) throw notFound('The webhook of this event');
  const push = parsed.push;
  const mismatch = matchProblem(w, push);
  if (mismatch) {
    throw new AppError('CONFLICT', `${mismatch} now; this push cannot be resubmitted`);
  }
  return inTransaction(ctx, async ({ db }) => {
    const tx = db as Parameters<StartExecution>[0];
    const [ev] = await tx
      .insert(registryEvents)
      .values({
        webhookId: w.id,
        projectId: w.projectId,
        repository: push.repoName,
        tag: push.tag,
        images: push.images,
        owner: push.pusher,
        pushedAt: push.pushedAt,
        payload: orig.payload,
        result: 'TRIGGERED',
        reason: `Resubmitted by ${ctx.actor.email} from event ${orig.id}`,
        resubmittedFrom: orig.id,
      })
      .returning({ id: registryEvents.id });
    const ex = await startExecution(tx, {
      pipelineId: w.pipelineId,
      inputs: webhookRunInputs(w.inputs, dockerInputs(push)),
      userId: ctx.actor.userId,
      // No callback: Docker Hub's callback_url answers one delivery, which was already answered.
      trigger: {
        type: 'WEBHOOK',
        webhookId: w.id,
        webhookName: w.name,
        registryEventId: ev!.id,
        imageTag: push.tag,
        resubmittedFrom: orig.id,
      },
    });
    await tx
      .update(registryEvents)
      .set({ executionId: ex.id })
      .where(eq(registryEvents.id, ev!.id));
    await publishRegistryEvent(tx, {
      id: ev!.id,
      projectId: w.projectId,
      webhookId: w.id,
      result: 'TRIGGERED',
    });
    return { eventId: ev!.id, executionId: ex.id, index: ex.index, status: ex.status };
  });
}

/** Why a push no longer matches the webhook (edited since), or null. */
function matchProblem(w: DockerWebhookRow, push: DockerPush): string | null {
  if (push.namespace !== w.repoNamespace || push.name !== w.repoName) {
    return `Repository ${push.namespace}/${push.name} is not the webhook's ${w.repoNamespace}/${w.repoName}`;
  }
  if (!tagMatches(w.tagPattern, push.tag)) {
    return `Tag "${push.tag}" does not match the webhook's filter ${w.tagPattern}`;
  }
  return null;
}
