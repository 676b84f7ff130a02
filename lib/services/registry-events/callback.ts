import { eq } from 'drizzle-orm';
import { getDb, type Db } from '../../db/client';
import { registryEvents, type CallbackOutcome } from '../../db/schema';
import { env, publicUrl } from '../../env';
import { logger } from '../../log';
import { metrics } from '../../metrics';
import { registerExecutionFinishedHandler, type ExecutionFinished } from '../../runner/finished';
import { publishRegistryEvent } from './live';

export const CALLBACK_HANDLER = 'docker-hub-callback';
const TIMEOUT_MS = 5_000;
const ATTEMPTS = 3;

/** The allow-list: `SLIPWAY_CALLBACK_HOSTS`, host names (or host:port), comma separated. */
export function callbackAllowed(url: string, hosts = env().SLIPWAY_CALLBACK_HOSTS): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password) return false;
  const allowed = hosts
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const host = u.hostname.toLowerCase();
  return allowed.includes(host) || allowed.includes(u.host.toLowerCase());
}

export function callbackBody(ev: ExecutionFinished) {
  const ok = ev.status === 'COMPLETED';
  return {
    state: ok ? 'success' : 'failure',
    description:
      `${ev.pipelineName} #${ev.index} ${ev.status.toLowerCase()}${ev.message && !ok ? `: ${ev.message}` : ''}`.slice(
        0,
        255,
      ),
    context: 'Slipway',
    target_url: `${publicUrl()}/executions/${ev.executionId}`,
  } as const;
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Slipway' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    await res.body?.cancel();
    return { ok: res.status >= 200 && res.status < 300, message: `HTTP ${res.status}` };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return {
      ok: false,
      message: `${(e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message}${cause ? ` (${cause})` : ''}`,
    };
  }
}

/**
 * After an execution started by a Docker Hub delivery ends: POST the outcome to the payload's
 * callback_url when its host is allowed, a few quick tries, and record what happened on the
 * event. Never throws: a callback problem must not fail anything (nor be retried for hours).
 */
export async function sendDockerHubCallback(
  db: Db,
  ev: ExecutionFinished,
  opts: { backoffMs?: number } = {},
): Promise<void> {
  const eventId = ev.trigger.registryEventId;
  const url = ev.trigger.callbackUrl;
  if (ev.trigger.type !== 'WEBHOOK' || !eventId || !url) return;
  const body = callbackBody(ev);
  let outcome: CallbackOutcome;
  if (!callbackAllowed(url)) {
    outcome = {
      state: body.state,
      delivered: false,
      attempts: 0,
      message: `Not sent: the host of ${safeHost(url)} is not in SLIPWAY_CALLBACK_HOSTS`,
      at: new Date().toISOString(),
    };
  } else {
    let last = { ok: false, message: '' };
    let attempts = 0;
    for (attempts = 1; attempts <= ATTEMPTS; attempts++) {
      last = await post(url, body);
      if (last.ok) break;
      if (attempts < ATTEMPTS)
        await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 500) * attempts));
    }
    outcome = {
      state: body.state,
      delivered: last.ok,
      attempts: Math.min(attempts, ATTEMPTS),
      message: last.message,
      at: new Date().toISOString(),
    };
  }
  metrics()
    .counter('slipway_docker_hub_callbacks_total', 'Docker Hub callbacks by outcome', ['outcome'])
    .inc({
      outcome: outcome.delivered ? 'delivered' : outcome.attempts ? 'failed' : 'not_allowed',
    });
  if (!outcome.delivered)
    logger.warn(
      { eventId, executionId: ev.executionId, outcome: outcome.message },
      'Docker Hub callback not delivered',
    );
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(registryEvents)
        .set({ callback: outcome })
        .where(eq(registryEvents.id, eventId))
        .returning({
          id: registryEvents.id,
          projectId: registryEvents.projectId,
          webhookId: registryEvents.webhookId,
          result: registryEvents.result,
        });
      if (row) await publishRegistryEvent(tx, row, 'registry-event.updated');
    });
  } catch (e) {
    logger.error({ err: e, eventId }, 'could not record the callback outcome');
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the callback URL';
  }
}

/**
 * Registers the callback as an execution-finished handler. Belongs in
 * lib/runner/extensions.ts `registerRunnerExtensions()` so every runner process has it.
 */
export function registerDockerHubCallback(): void {
  registerExecutionFinishedHandler(
    CALLBACK_HANDLER,
    async (ev) => sendDockerHubCallback(await getDb(), ev),
    {
      maxAttempts: 3,
    },
  );
}
