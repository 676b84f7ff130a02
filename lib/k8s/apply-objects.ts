import { PatchStrategy } from '@kubernetes/client-node';
import type { SlipwayObjectApi } from './client';
import { describeK8sError, statusCode, statusReason } from './errors';
import { objectRef, type K8sObject } from './manifests';

/**
 * Sends each object to the cluster for one action, in document order (DELETE in reverse), and
 * keeps track of what was changed so that a failure can say which objects were already applied.
 */
export const FIELD_MANAGER = 'slipway';
const REQUEST_TIMEOUT_MS = 30_000;

export type ObjectAction = 'CREATE' | 'APPLY' | 'DELETE' | 'GET';

export interface ActionResult {
  object: K8sObject;
  live: K8sObject | undefined;
  result: 'created' | 'applied' | 'exists' | 'deleted' | 'not found' | 'read';
}

export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

type Json = Record<string, unknown>;

function plain<T>(v: unknown): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Races a cluster call against cancel and a per-request timeout. */
export function bounded<T>(
  p: Promise<T>,
  signal: AbortSignal,
  ms = REQUEST_TIMEOUT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`timed out after ${ms / 1000} s`), { code: 'ETIMEDOUT' })),
      ms,
    );
    const onAbort = () => reject(Object.assign(new Error('canceled'), { name: 'CanceledError' }));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

const VERB: Record<ObjectAction, string> = {
  CREATE: 'create',
  APPLY: 'apply',
  DELETE: 'delete',
  GET: 'get',
};

export async function runObjectAction(
  api: SlipwayObjectApi,
  action: ObjectAction,
  objects: K8sObject[],
  opts: {
    server: string;
    continueOnConflict: boolean;
    signal: AbortSignal;
    log(line: string): Promise<void>;
  },
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  const ordered = action === 'DELETE' ? [...objects].reverse() : objects;
  for (const o of ordered) {
    const ref = objectRef(o);
    const copy = structuredClone(o);
    try {
      if (action === 'CREATE') {
        try {
          const live = plain<K8sObject>(
            await bounded(
              api.create(copy as never, undefined, undefined, FIELD_MANAGER),
              opts.signal,
            ),
          );
          results.push({ object: o, live, result: 'created' });
          await opts.log(`${objectRef(live)} created`);
        } catch (err) {
          if (!(
            opts.continueOnConflict &&
            statusCode(err) === 409 &&
            statusReason(err) === 'AlreadyExists'
          ))
            throw err;
          const live = plain<K8sObject>(
            await bounded(api.read(structuredClone(o) as never), opts.signal),
          );
          results.push({ object: o, live, result: 'exists' });
          await opts.log(`${ref} already exists; continuing (continue on conflict)`);
        }
      } else if (action === 'APPLY') {
        const live = plain<K8sObject>(
          await bounded(
            api.patch(
              copy as never,
              undefined,
              undefined,
              FIELD_MANAGER,
              true,
              PatchStrategy.ServerSideApply,
            ),
            opts.signal,
          ),
        );
        results.push({ object: o, live, result: 'applied' });
        await opts.log(`${objectRef(live)} applied (server-side, field manager ${FIELD_MANAGER})`);
      } else if (action === 'DELETE') {
        try {
          await bounded(api.delete(copy as never), opts.signal);
          results.push({ object: o, live: undefined, result: 'deleted' });
          await opts.log(`${ref} deleted`);
        } catch (err) {
          if (
            statusCode(err) !== 404 ||
            /Failed to fetch resource metadata/.test(String((err as Error).message))
          )
            throw err;
          results.push({ object: o, live: undefined, result: 'not found' });
          await opts.log(`${ref} was not found: nothing to delete`);
        }
      } else {
        const live = plain<K8sObject>(await bounded(api.read(copy as never), opts.signal));
        results.push({ object: o, live, result: 'read' });
        await opts.log(
          `${ref} read (resourceVersion ${String(live.metadata.resourceVersion ?? '?')})`,
        );
      }
    } catch (err) {
      if ((err as Error).name === 'CanceledError')
        throw new ActionError(
          `Canceled while trying to ${VERB[action]} ${ref}${changedSuffix(action, results)}`,
        );
      throw new ActionError(
        `${describeK8sError(err, { server: opts.server, ref, verb: VERB[action] })}${changedSuffix(action, results)}`,
      );
    }
  }
  return results;
}

function changedSuffix(action: ObjectAction, results: ActionResult[]): string {
  if (action === 'GET') return '';
  const changed = results.filter(
    (r) => r.result !== 'exists' && r.result !== 'not found' && r.result !== 'read',
  );
  if (changed.length === 0) return '. Nothing was changed in the cluster.';
  const verb = action === 'DELETE' ? 'Deleted' : 'Applied';
  return `. ${verb} before the failure: ${changed.map((r) => objectRef(r.live ?? r.object)).join(', ')}.`;
}

export type { Json };
