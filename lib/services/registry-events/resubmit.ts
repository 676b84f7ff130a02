import { eq } from 'drizzle-orm';
import { AppError, notFound } from '../../api/errors';
import { dockerWebhooks, registryEvents } from '../../db/schema';
import { dockerInputs, parseDockerHubPush } from '../../receiver/docker-hub-payload';
import { isUuid, requireProjectAccess } from '../access';
import { inTransaction, type Ctx } from '../context';
import { publishRegistryEvent } from './live';
import { startExecutionInTx, type StartExecution } from './start-execution';

/**
 * Resubmit: a new execution from a recorded push, run as the member who asked (EXECUTOR or
 * more), recorded as a new TRIGGERED event that points at the original. Whatever the original's
 * result was (duplicate, not matched, disabled, failed), its payload is used again; a rejected
 * delivery has no usable push and cannot be resubmitted.
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
  const [w] = await ctx.db
    .select()
    .from(dockerWebhooks)
    .where(eq(dockerWebhooks.id, orig.webhookId));
  if (!w) throw notFound('The webhook of this event');
  const push = parsed.push;
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
      inputs: { ...w.inputs, ...dockerInputs(push) },
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
