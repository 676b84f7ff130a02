import type { SlipwayObjectApi } from './client';
import { objectRef, WORKLOAD_KINDS, type K8sObject } from './manifests';
import { podProblem, rolloutState, type RolloutState } from './rollout-status';

/**
 * Polls workloads until every rollout is complete, the controller reports failure, the task's
 * timeout passes, or the task is canceled. Progress goes to the task log when it changes.
 */
export class RolloutError extends Error {
  constructor(
    message: string,
    readonly canceled = false,
  ) {
    super(message);
    this.name = 'RolloutError';
  }
}

export interface WaitOptions {
  deadline: number;
  timeoutMinutes: number;
  signal: AbortSignal;
  log(line: string): Promise<void>;
  pollMs?: number;
}

type Obj = Record<string, unknown>;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Rejects as soon as the signal aborts, so a slow request cannot hold up a cancel. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RolloutError('canceled', true));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function selectorOf(o: Obj): string | undefined {
  const labels = ((o.spec as Obj | undefined)?.selector as Obj | undefined)?.matchLabels as
    Record<string, string> | undefined;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

async function podProblemOf(
  api: SlipwayObjectApi,
  live: Obj,
  ns: string,
): Promise<string | undefined> {
  const selector = selectorOf(live);
  if (!selector) return undefined;
  const pods = await api.list(
    'v1',
    'Pod',
    ns,
    undefined,
    undefined,
    undefined,
    undefined,
    selector,
  );
  return podProblem(pods.items as unknown as Obj[]);
}

export function isWorkload(o: K8sObject): boolean {
  return o.apiVersion === 'apps/v1' && WORKLOAD_KINDS.has(o.kind);
}

export async function waitForRollouts(
  api: SlipwayObjectApi,
  objects: K8sObject[],
  opts: WaitOptions,
): Promise<Map<K8sObject, { state: RolloutState; live: Obj }>> {
  const pending = new Set(objects.filter(isWorkload));
  const results = new Map<K8sObject, { state: RolloutState; live: Obj }>();
  const lastLine = new Map<K8sObject, string>();
  const lastProblem = new Map<K8sObject, string | undefined>();
  const pollMs = opts.pollMs ?? 1000;
  if (pending.size)
    await opts.log(
      `Waiting for the rollout of ${[...pending].map(objectRef).join(', ')} (timeout ${opts.timeoutMinutes} min)`,
    );
  while (pending.size) {
    if (opts.signal.aborted) throw new RolloutError('canceled', true);
    for (const o of [...pending]) {
      const ref = objectRef(o);
      const live = JSON.parse(
        JSON.stringify(await abortable(api.read(o as never), opts.signal)),
      ) as Obj;
      const state = rolloutState(live);
      results.set(o, { state, live });
      if (lastLine.get(o) !== state.message) {
        lastLine.set(o, state.message);
        await opts.log(`${ref}: ${state.message}`);
      }
      if (state.done) {
        pending.delete(o);
        await opts.log(`${ref}: successfully rolled out`);
        continue;
      }
      const problem = await abortable(
        podProblemOf(api, live, o.metadata.namespace ?? 'default'),
        opts.signal,
      );
      if (problem && lastProblem.get(o) !== problem) await opts.log(`${ref}: ${problem}`);
      lastProblem.set(o, problem);
      if (state.failure) {
        throw new RolloutError(
          `Rollout of ${ref} failed: ${state.failure}${problem ? `; ${problem}` : ''} (${state.message})`,
        );
      }
      if (Date.now() >= opts.deadline) {
        throw new RolloutError(
          `Rollout of ${ref} did not complete within ${opts.timeoutMinutes} min: ${state.message}${problem ? `; ${problem}` : ''}`,
        );
      }
    }
    if (pending.size)
      await sleep(Math.min(pollMs, Math.max(0, opts.deadline - Date.now())), opts.signal);
  }
  return results;
}
