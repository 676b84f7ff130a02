import { randomUUID } from 'node:crypto';
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../../api/errors';
import type { Db } from '../../db/client';
import { fixedStatement } from '../../db/fixed-statement';
import {
  apiTokens,
  executionCounters,
  executions,
  executionTasks,
  registryEvents,
  type DockerWebhookRow,
  type EventResult,
} from '../../db/schema';
import { LiveBatch } from '../../live/publish';
import { logger } from '../../log';
import { metrics } from '../../metrics';
import {
  dockerInputs,
  parseDockerHubPush,
  type DockerPush,
} from '../../receiver/docker-hub-payload';
import { hashSecureToken } from '../docker-webhooks/secure-token';
import {
  checkRunnable,
  prepareExecution,
  RUNNER_WAKE,
  type PreparedExecution,
} from '../executions/create';
import { registryLiveEvent } from './live';
import { webhookRunInputs } from './start-execution';
import { decide, loadWebhookByToken, type Decision, type WebhookContext } from './trigger-context';

export interface ReceiverAnswer {
  status: number;
  body: Record<string, unknown>;
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

/**
 * The Docker Hub receiver (product.md §3): authenticate by secure token, bound and validate the
 * body, record the event durably — with its execution in the same statement — then answer.
 * Three round trips when a push triggers: the webhook with its context, the execution number,
 * the write.
 */
export async function receiveDockerHubDelivery(
  db: Db,
  delivery: { secureToken: string | null; readBody: () => Promise<string> },
): Promise<ReceiverAnswer> {
  let context: WebhookContext | undefined;
  try {
    if (delivery.secureToken) {
      context = await loadWebhookByToken(db, hashSecureToken(delivery.secureToken));
    }
  } catch (e) {
    logger.error({ err: e }, 'receiver: webhook lookup failed');
    counter().inc({ result: 'UNAVAILABLE' });
    return err(503, 'UNAVAILABLE', 'The delivery could not be stored; retry later');
  }
  if (!context) {
    counter().inc({ result: 'UNAUTHORIZED' });
    return err(401, 'UNAUTHORIZED', 'Unknown or missing secureToken');
  }
  const webhook = context.webhook;

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
  return record(db, context, parsed.push, body);
}

type EventInsert = typeof registryEvents.$inferInsert;

/**
 * Rows go in as JSON (one parameter per table), so the statement text never changes: it is
 * rendered once (lib/db/fixed-statement.ts), PostgreSQL prepares it once per connection, and Node
 * builds no SQL per delivery (building it with the query builder cost ≈0.5 ms of CPU per
 * delivery, rendering even this fixed one ≈0.1 ms; measured with bench/receiver).
 */
const EXECUTION_COLUMNS = [
  'id',
  'projectId',
  'pipelineId',
  'pipelineName',
  'index',
  'status',
  'inputs',
  'trigger',
  'startedBy',
  'pipeline',
  'concurrency',
  'stages',
] as const satisfies readonly (keyof typeof executions.$inferInsert)[];
const TASK_COLUMNS = [
  'executionId',
  'stage',
  'task',
  'type',
  'stageIndex',
  'groupIndex',
] as const satisfies readonly (keyof typeof executionTasks.$inferInsert)[];
const EVENT_COLUMNS = [
  'id',
  'webhookId',
  'projectId',
  'repository',
  'tag',
  'images',
  'owner',
  'pushedAt',
  'callbackUrl',
  'payload',
  'result',
  'reason',
  'executionId',
  'dedupeKey',
] as const satisfies readonly (keyof EventInsert)[];

/** The database names of `keys`, columns of `table`. */
function columnNames(table: PgTable, keys: readonly string[]): string[] {
  const columns = getTableColumns(table);
  return keys.map((k) => columns[k]!.name);
}

/**
 * `insert into t (cols) select cols from jsonb_populate_recordset(null::t, <param>)`, where
 * `computed` gives an SQL value for some columns instead of the JSON's.
 */
function insertFromJson(
  table: PgTable,
  keys: readonly string[],
  param: SQL,
  computed: Record<string, SQL> = {},
): SQL {
  const names = columnNames(table, keys);
  const values = sql.join(
    keys.map((k, i) => computed[k] ?? sql.raw(`"${names[i]}"`)),
    sql`, `,
  );
  return sql`insert into ${table} (${sql.raw(names.map((n) => `"${n}"`).join(', '))}) select ${values}
    from jsonb_populate_recordset(null::${table}, ${param}::jsonb)`;
}

/** Rows of `table` as JSON with its column names, only `keys`, in one array. */
function jsonRows(table: PgTable, keys: readonly string[]): (rows: object[]) => string {
  const names = columnNames(table, keys);
  return (rows) =>
    JSON.stringify(
      rows.map((r) => {
        const out: Record<string, unknown> = {};
        keys.forEach((k, i) => (out[names[i]!] = (r as Record<string, unknown>)[k] ?? null));
        return out;
      }),
    );
}
const eventJson = jsonRows(registryEvents, EVENT_COLUMNS);
const executionJson = jsonRows(executions, EXECUTION_COLUMNS);
const taskJson = jsonRows(executionTasks, TASK_COLUMNS);

/** An event without an execution, with its live events. */
const eventStatement = fixedStatement(
  ['ev', 'live'],
  (p) => sql`with
    ev as (${insertFromJson(registryEvents, EVENT_COLUMNS, p.ev)}),
    live as (${LiveBatch.insertRows(p.live)})
    select null::int as index`,
);

/**
 * An event with its execution, tasks and live events, numbered by the pipeline's counter; the
 * API token the execution runs as is marked used — at most once a minute, so that a burst of
 * deliveries does not queue on its row (a row that does not match is not locked).
 */
const triggeredStatement = fixedStatement(
  ['pipelineId', 'ex', 'tasks', 'ev', 'live', 'tokenId'],
  (p) => {
    const index = sql`(select last_index from bump)`;
    // Data-modifying CTEs all run; foreign keys are checked at the end of the statement.
    return sql`with
      bump as (insert into ${executionCounters} (pipeline_id, last_index)
        values (${p.pipelineId}, 1)
        on conflict (pipeline_id) do update set last_index = ${executionCounters}.last_index + 1
        returning last_index),
      ex as (${insertFromJson(executions, EXECUTION_COLUMNS, p.ex, { index })}),
      tasks as (${insertFromJson(executionTasks, TASK_COLUMNS, p.tasks)}),
      ev as (${insertFromJson(registryEvents, EVENT_COLUMNS, p.ev)}),
      live as (${LiveBatch.insertRows(p.live, index)}),
      used as (update ${apiTokens} set last_used_at = now()
        where id = ${p.tokenId}::uuid
          and (last_used_at is null or last_used_at < now() - interval '1 minute'))
      select ${index} as index`;
  },
);

/**
 * Writes a registry event — with its execution, tasks and live events — in ONE statement: one
 * round trip, atomic by itself (a failure anywhere stores none of it: a redelivery that meets
 * the unique index takes back its execution number too), no transaction to open and close.
 * The execution number comes from the pipeline's counter row, bumped by the same statement;
 * the row stays locked until it commits, a fraction of a millisecond per delivery of that
 * pipeline. Live NOTIFYs and the runner's wake-up go out once it has committed.
 */
async function writeEvent(
  db: Db,
  event: EventInsert & { id: string; result: EventResult },
  execution?: PreparedExecution & { tokenId: string | null },
): Promise<number | null> {
  const live = new LiveBatch();
  if (execution) live.add(...execution.live).notify(...RUNNER_WAKE);
  live.add(
    registryLiveEvent({
      id: event.id,
      projectId: event.projectId,
      webhookId: event.webhookId,
      result: event.result,
    }),
  );
  const ev = eventJson([event]);
  const statement = execution
    ? triggeredStatement({
        pipelineId: execution.execution.pipelineId,
        ex: executionJson([execution.execution]),
        tasks: taskJson(execution.tasks),
        ev,
        live: live.rowsJson(),
        tokenId: execution.tokenId,
      })
    : eventStatement({ ev, live: live.rowsJson() });
  const res = await db.execute(statement);
  await live.signal(db);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as {
    index: number | null;
  }[];
  return rows[0]?.index ?? null;
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
  const eventId = randomUUID();
  try {
    await writeEvent(db, {
      id: eventId,
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
    });
    return err(status, code, reason, { eventId, result: 'REJECTED' });
  } catch (e) {
    logger.error({ err: e, webhookId: w.id }, 'receiver: could not record a rejected delivery');
    return err(status, code, reason);
  }
}

/** Did this error come from the (webhook, dedupe key) unique index: the push is recorded? */
function isDuplicatePush(e: unknown): boolean {
  for (let x: unknown = e; x; x = (x as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint } = x as Record<string, unknown>;
    if (code === '23505') return (constraint_name ?? constraint) === DEDUPE_INDEX;
  }
  return false;
}
const DEDUPE_INDEX = 'registry_events_dedupe_idx';

async function record(
  db: Db,
  context: WebhookContext,
  push: DockerPush,
  payload: unknown,
): Promise<ReceiverAnswer> {
  const w = context.webhook;
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
  /** The push was already recorded: a DUPLICATE event pointing at the first one, no key. */
  const duplicate = async () => {
    const [orig] = await db
      .select({ id: registryEvents.id })
      .from(registryEvents)
      .where(and(eq(registryEvents.webhookId, w.id), eq(registryEvents.dedupeKey, dedupeKey!)));
    const id = randomUUID();
    await writeEvent(db, {
      ...base,
      id,
      result: 'DUPLICATE',
      reason: `The same push was already received (event ${orig?.id ?? '?'})`,
    });
    return { eventId: id, result: 'DUPLICATE' as EventResult, executionId: null };
  };
  /** The event as decided, with its execution when it triggers. */
  const store = async (decision: Decision) => {
    const id = randomUUID();
    let execution: (PreparedExecution & { tokenId: string | null }) | undefined;
    if (decision.result === 'TRIGGERED' && decision.run) {
      const prepared = prepareExecution({
        pipeline: decision.run.pipeline,
        inputs: webhookRunInputs(w.inputs, dockerInputs(push)),
        startedBy: decision.run.userId,
        index: 0, // numbered by the statement that stores it
        trigger: {
          type: 'WEBHOOK',
          webhookId: w.id,
          webhookName: w.name,
          registryEventId: id,
          imageTag: push.tag,
          ...(push.callbackUrl && { callbackUrl: push.callbackUrl }),
        },
      });
      execution = { ...prepared, tokenId: context.token?.id ?? null };
    }
    const executionId = execution?.started.id ?? null;
    await writeEvent(
      db,
      { ...base, id, executionId, result: decision.result, reason: decision.reason, dedupeKey },
      execution,
    );
    return { eventId: id, result: decision.result, executionId };
  };
  try {
    let decision = decide(context, push);
    if (decision.run) {
      try {
        // The execution's own checks (inputs, enabled): a refusal is recorded as FAILED.
        checkRunnable(decision.run.pipeline, webhookRunInputs(w.inputs, dockerInputs(push)));
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        decision = { result: 'FAILED', reason: `The execution could not be created: ${e.message}` };
      }
    }
    let out;
    try {
      out = await store(decision);
    } catch (e) {
      // A redelivery met the unique index: nothing of this attempt was stored.
      if (!dedupeKey || !isDuplicatePush(e)) throw e;
      out = await duplicate();
    }
    counter().inc({ result: out.result });
    return { status: 202, body: out };
  } catch (e) {
    logger.error({ err: e, webhookId: w.id }, 'receiver: could not store the delivery');
    counter().inc({ result: 'UNAVAILABLE' });
    return err(503, 'UNAVAILABLE', 'The delivery could not be stored; Docker Hub should retry it');
  }
}
