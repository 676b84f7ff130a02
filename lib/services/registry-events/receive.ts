import { and, eq } from 'drizzle-orm';
import { AppError } from '../../api/errors';
import type { Db, Tx } from '../../db/client';
import {
  dockerWebhooks,
  registryEvents,
  type DockerWebhookRow,
  type EventResult,
} from '../../db/schema';
import { logger } from '../../log';
import { metrics } from '../../metrics';
import {
  dockerInputs,
  parseDockerHubPush,
  type DockerPush,
} from '../../receiver/docker-hub-payload';
import { hashSecureToken } from '../docker-webhooks/secure-token';
import { publishRegistryEvent } from './live';
import { webhookRunInputs, type StartExecution } from './start-execution';
import { decide, type Decision } from './trigger-context';

export interface ReceiverAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface ReceiveDeps {
  startExecution: StartExecution;
  /** Runs inside the transaction after the execution was created (tests inject failures here). */
  afterExecution?: (tx: Tx) => Promise<void>;
}

const err = (status: number, code: string, message: string, details?: unknown): ReceiverAnswer => ({
  status,
  body: { error: { code, message, ...(details !== undefined && { details }) } },
});

function counter() {
  return metrics().counter(
    'slipway_docker_hub_deliveries_total',
    'Docker Hub deliveries by result',
    ['result'],
  );
}

/** A failure that must roll the transaction back and be recorded as FAILED afterwards. */
class TriggerRefused extends Error {}

/**
 * The Docker Hub receiver (product.md §3): authenticate by secure token, bound and validate the
 * body, record the event durably — with its execution in the same transaction — then answer.
 */
export async function receiveDockerHubDelivery(
  db: Db,
  delivery: { secureToken: string | null; readBody: () => Promise<string> },
  deps: ReceiveDeps,
): Promise<ReceiverAnswer> {
  let webhook: DockerWebhookRow | undefined;
  try {
    if (delivery.secureToken) {
      [webhook] = await db
        .select()
        .from(dockerWebhooks)
        .where(eq(dockerWebhooks.secureTokenHash, hashSecureToken(delivery.secureToken)));
    }
  } catch (e) {
    logger.error({ err: e }, 'receiver: webhook lookup failed');
    counter().inc({ result: 'UNAVAILABLE' });
    return err(503, 'UNAVAILABLE', 'The delivery could not be stored; retry later');
  }
  if (!webhook) {
    counter().inc({ result: 'UNAUTHORIZED' });
    return err(401, 'UNAUTHORIZED', 'Unknown or missing secureToken');
  }

  let text: string;
  try {
    text = await delivery.readBody();
  } catch (e) {
    if (e instanceof AppError && e.code === 'PAYLOAD_TOO_LARGE') {
      return reject(
        db,
        webhook,
        413,
        'PAYLOAD_TOO_LARGE',
        `${e.message}; Docker Hub payloads are smaller`,
        null,
      );
    }
    throw e;
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (e) {
    return reject(
      db,
      webhook,
      400,
      'BAD_REQUEST',
      `The body is not valid JSON: ${(e as Error).message}`,
      null,
    );
  }
  const parsed = parseDockerHubPush(body);
  if (!parsed.ok) {
    return reject(db, webhook, 422, 'VALIDATION_FAILED', parsed.reason, body, parsed.partial);
  }
  return record(db, webhook, parsed.push, body, deps);
}

/** Stores a REJECTED delivery (the token was valid) and answers the 4xx. */
async function reject(
  db: Db,
  w: DockerWebhookRow,
  status: number,
  code: string,
  reason: string,
  payload: unknown,
  partial?: Partial<DockerPush>,
): Promise<ReceiverAnswer> {
  counter().inc({ result: 'REJECTED' });
  try {
    const eventId = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(registryEvents)
        .values({
          webhookId: w.id,
          projectId: w.projectId,
          repository: partial?.repoName ?? null,
          tag: partial?.tag ?? null,
          images: partial?.images ?? [],
          owner: partial?.pusher ?? null,
          pushedAt: partial?.pushedAt ?? null,
          payload: payload ?? null,
          result: 'REJECTED',
          reason,
        })
        .returning({ id: registryEvents.id });
      await publishRegistryEvent(tx, {
        id: row!.id,
        projectId: w.projectId,
        webhookId: w.id,
        result: 'REJECTED',
      });
      return row!.id;
    });
    return err(status, code, reason, { eventId, result: 'REJECTED' });
  } catch (e) {
    logger.error({ err: e, webhookId: w.id }, 'receiver: could not record a rejected delivery');
    return err(status, code, reason);
  }
}

async function record(
  db: Db,
  w: DockerWebhookRow,
  push: DockerPush,
  payload: unknown,
  deps: ReceiveDeps,
): Promise<ReceiverAnswer> {
  const dedupeKey = push.pushedAt
    ? `${push.namespace}/${push.name}:${push.tag}@${push.pushedAt}`
    : null;
  const base = {
    webhookId: w.id,
    projectId: w.projectId,
    repository: push.repoName,
    tag: push.tag,
    images: push.images,
    owner: push.pusher,
    pushedAt: push.pushedAt,
    callbackUrl: push.callbackUrl,
    payload,
  };
  const store = (failedReason?: string) =>
    db.transaction(async (tx) => {
      const decision: Decision = failedReason
        ? { result: 'FAILED', reason: failedReason }
        : await decide(tx, w, push);
      const [first] = await tx
        .insert(registryEvents)
        .values({ ...base, result: decision.result, reason: decision.reason, dedupeKey })
        .onConflictDoNothing({ target: [registryEvents.webhookId, registryEvents.dedupeKey] })
        .returning({ id: registryEvents.id });
      let eventId = first?.id;
      let result: EventResult = decision.result;
      let executionId: string | null = null;
      if (!eventId) {
        const [orig] = await tx
          .select({ id: registryEvents.id })
          .from(registryEvents)
          .where(and(eq(registryEvents.webhookId, w.id), eq(registryEvents.dedupeKey, dedupeKey!)));
        result = 'DUPLICATE';
        const [dup] = await tx
          .insert(registryEvents)
          .values({
            ...base,
            result,
            reason: `The same push was already received (event ${orig?.id ?? '?'})`,
          })
          .returning({ id: registryEvents.id });
        eventId = dup!.id;
      } else if (result === 'TRIGGERED' && decision.run) {
        try {
          const ex = await deps.startExecution(tx, {
            pipelineId: w.pipelineId,
            pipeline: decision.run.pipeline,
            inputs: webhookRunInputs(w.inputs, dockerInputs(push)),
            userId: decision.run.userId,
            trigger: {
              type: 'WEBHOOK',
              webhookId: w.id,
              webhookName: w.name,
              registryEventId: eventId,
              imageTag: push.tag,
              ...(push.callbackUrl && { callbackUrl: push.callbackUrl }),
            },
          });
          executionId = ex.id;
        } catch (e) {
          if (e instanceof AppError && e.status < 500) throw new TriggerRefused(e.message);
          throw e;
        }
        await tx.update(registryEvents).set({ executionId }).where(eq(registryEvents.id, eventId));
        await deps.afterExecution?.(tx);
      }
      await publishRegistryEvent(tx, {
        id: eventId,
        projectId: w.projectId,
        webhookId: w.id,
        result,
      });
      return { eventId, result, executionId };
    });
  try {
    let out;
    try {
      out = await store();
    } catch (e) {
      if (!(e instanceof TriggerRefused)) throw e;
      out = await store(`The execution could not be created: ${e.message}`);
    }
    counter().inc({ result: out.result });
    return { status: 202, body: out };
  } catch (e) {
    logger.error({ err: e, webhookId: w.id }, 'receiver: could not store the delivery');
    counter().inc({ result: 'UNAVAILABLE' });
    return err(503, 'UNAVAILABLE', 'The delivery could not be stored; Docker Hub should retry it');
  }
}
