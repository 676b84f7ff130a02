import { AppError } from '../api/errors';
import { getDb } from '../db/client';
import { logger } from '../log';
import { registerTaskHandler } from '../runner/registry';
import type { TaskHandler, TaskResult, TaskRunContext } from '../runner/task-types';
import type { EndpointWithSecrets } from '../services/endpoints/types';
import { runObjectAction, ActionError, bounded, FIELD_MANAGER } from './apply-objects';
import { SlipwayObjectApi } from './client';
import { describeK8sError, fail, TaskFailure } from './errors';
import { rollbackManifests } from './rollback';
import { parseTaskInput, type K8sTaskInputT } from './input';
import { defaultNamespace, kubeConfigForEndpoint } from './kubeconfig';
import { dbManifestHistory, type ManifestHistory } from './manifest-history';
import { ManifestError, objectRef, parseManifests, podSpecOf, type K8sObject } from './manifests';
import { buildOutput, summarize } from './output';
import { addImagePullSecret, pullSecretName, pullSecretObject } from './pull-secret';
import { isWorkload, RolloutError, waitForRollouts } from './rollout';
import type { RolloutState } from './rollout-status';

/**
 * The K8S task (product.md §6): CREATE / APPLY (server-side apply) / DELETE / GET / ROLLBACK of
 * the task's YAML against its Kubernetes endpoint, optional image pull secret, wait for rollout,
 * and the manifests of each success kept for a later ROLLBACK.
 */
export interface K8sTaskDeps {
  /** A project's endpoint by name or id, credentials decrypted. */
  loadEndpoint(projectId: string, nameOrId: string): Promise<EndpointWithSecrets>;
  history: ManifestHistory;
  pollMs: number;
}

async function loadEndpointFromDb(
  projectId: string,
  nameOrId: string,
): Promise<EndpointWithSecrets> {
  const { loadEndpointWithSecrets } = await import('../services/endpoints/secrets');
  return loadEndpointWithSecrets(await getDb(), projectId, nameOrId);
}

async function endpointOrFail(
  deps: K8sTaskDeps,
  ctx: TaskRunContext,
  name: string,
  want: EndpointWithSecrets['type'],
): Promise<EndpointWithSecrets> {
  let e: EndpointWithSecrets;
  try {
    e = await deps.loadEndpoint(ctx.projectId, name);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      fail(`Endpoint "${name}" does not exist in this project`);
    throw err;
  }
  if (e.type !== want) fail(`Endpoint "${name}" is a ${e.type} endpoint, not a ${want} one`);
  return e;
}

async function loadObjects(
  ctx: TaskRunContext,
  input: K8sTaskInputT,
  deps: K8sTaskDeps,
  endpoint: string,
): Promise<K8sObject[]> {
  if (input.action === 'ROLLBACK') return rollbackManifests(ctx, input, deps, endpoint);
  const raw = ctx.doc.input?.yaml ?? input.yaml;
  if (typeof raw !== 'string')
    fail('The task has no YAML: give one or more Kubernetes objects in input.yaml');
  return parseManifests(raw, (v) => ctx.resolve(v), ctx.scope);
}

async function run(deps: K8sTaskDeps, ctx: TaskRunContext): Promise<TaskResult> {
  const input = parseTaskInput(ctx.input);
  const started = Date.now();
  const endpointName = ctx.doc.endpoints?.kubernetesServer;
  if (!endpointName) fail('The task has no Kubernetes endpoint: set endpoints.kubernetesServer');
  const objects = await loadObjects(ctx, input, deps, endpointName);
  const endpoint = await endpointOrFail(deps, ctx, endpointName, 'KUBERNETES');
  let kc;
  try {
    kc = await kubeConfigForEndpoint(endpoint);
  } catch (err) {
    if (err instanceof AppError) fail(`Endpoint "${endpointName}" is not usable: ${err.message}`);
    throw err;
  }
  const server = kc.getCurrentCluster()?.server ?? '';
  const api = SlipwayObjectApi.forConfig(kc);
  const fallbackNs = input.namespace ?? defaultNamespace(kc);
  await ctx.log(`${input.action} ${objects.length} object(s) on ${endpointName} (${server})`);

  for (const o of objects) {
    let namespaced: boolean;
    try {
      namespaced = await bounded(api.isNamespaced(o.apiVersion, o.kind), ctx.signal);
    } catch (err) {
      fail(
        `${describeK8sError(err, { server, ref: objectRef(o), verb: input.action.toLowerCase() })}. Nothing was changed in the cluster.`,
      );
    }
    if (namespaced) o.metadata.namespace = input.namespace ?? o.metadata.namespace ?? fallbackNs;
    else delete o.metadata.namespace;
  }

  const writes =
    input.action === 'CREATE' || input.action === 'APPLY' || input.action === 'ROLLBACK';
  if (writes && input.imagePullSecretFrom)
    await ensurePullSecret(deps, ctx, api, server, input.imagePullSecretFrom, objects);

  const results = await runObjectAction(
    api,
    input.action === 'ROLLBACK' ? 'APPLY' : input.action,
    objects,
    {
      server,
      continueOnConflict: input.continueOnConflict,
      signal: ctx.signal,
      log: (l) => ctx.log(l),
    },
  );

  const rollouts = new Map<K8sObject, { state: RolloutState; live: Record<string, unknown> }>();
  if (writes && input.waitForRollout && objects.some(isWorkload)) {
    try {
      const waited = await waitForRollouts(api, objects, {
        deadline: started + input.timeout * 60_000,
        timeoutMinutes: input.timeout,
        signal: ctx.signal,
        log: (l) => ctx.log(l),
        pollMs: deps.pollMs,
      });
      for (const [k, v] of waited) rollouts.set(k, v);
    } catch (err) {
      const applied = `${input.action === 'ROLLBACK' ? 'Rolled back' : 'Applied'}: ${results.map((r) => objectRef(r.live ?? r.object)).join(', ')}`;
      if (err instanceof RolloutError && err.canceled)
        fail(`Canceled while waiting for the rollout. ${applied}`);
      if (err instanceof RolloutError) fail(`${err.message}. ${applied}`);
      fail(`${describeK8sError(err, { server, verb: 'watch the rollout' })}. ${applied}`);
    }
  }

  const summaries = results.map((r) => {
    const rollout = rollouts.get(r.object);
    const live = (rollout?.live as K8sObject | undefined) ?? r.live ?? r.object;
    return summarize(live, r.result, rollout?.state);
  });
  if (input.action === 'CREATE' || input.action === 'APPLY')
    await remember(deps, ctx, endpointName, objects);
  const full =
    input.action === 'GET' ? results.map((r) => r.live as Record<string, unknown>) : undefined;
  return { status: 'COMPLETED', output: buildOutput(input.action, summaries, full) };
}

async function ensurePullSecret(
  deps: K8sTaskDeps,
  ctx: TaskRunContext,
  api: SlipwayObjectApi,
  server: string,
  registryName: string,
  objects: K8sObject[],
): Promise<void> {
  const registry = await endpointOrFail(deps, ctx, registryName, 'DOCKER_REGISTRY');
  if (registry.type !== 'DOCKER_REGISTRY') return;
  if (!registry.properties.username || !registry.properties.password) {
    fail(
      `Registry endpoint "${registryName}" has no username and password to make an image pull secret from`,
    );
  }
  const name = pullSecretName(registry.name);
  const namespaces = new Set<string>();
  for (const o of objects) {
    if (podSpecOf(o) && addImagePullSecret(o, name))
      namespaces.add(o.metadata.namespace ?? 'default');
  }
  if (namespaces.size === 0) {
    await ctx.log(`imagePullSecretFrom: no object has a pod template; no pull secret made`);
    return;
  }
  const secrets = [...namespaces].map((ns) =>
    pullSecretObject(name, ns, registry.properties as never),
  );
  try {
    await runObjectAction(api, 'APPLY', secrets, {
      server,
      continueOnConflict: false,
      signal: ctx.signal,
      log: (l) => ctx.log(`${l} (image pull secret from "${registryName}")`),
    });
  } catch (err) {
    fail(`Could not make the image pull secret: ${(err as Error).message}`);
  }
}

async function remember(
  deps: K8sTaskDeps,
  ctx: TaskRunContext,
  endpoint: string,
  objects: K8sObject[],
): Promise<void> {
  try {
    await deps.history.save({
      projectId: ctx.projectId,
      pipelineId: ctx.pipelineId,
      stage: ctx.stage,
      task: ctx.task,
      executionId: ctx.executionId,
      executionIndex: ctx.executionIndex,
      endpoint,
      manifests: objects,
    });
  } catch (err) {
    logger.error(
      { err, executionId: ctx.executionId, task: ctx.task },
      'could not keep K8S manifests for rollback',
    );
    await ctx.log(
      `Warning: could not keep these manifests for a later ROLLBACK (${(err as Error).message})`,
    );
  }
}

export function createK8sTaskHandler(overrides: Partial<K8sTaskDeps> = {}): TaskHandler {
  const deps: K8sTaskDeps = {
    loadEndpoint: overrides.loadEndpoint ?? loadEndpointFromDb,
    history: overrides.history ?? dbManifestHistory(),
    pollMs: overrides.pollMs ?? 1000,
  };
  return {
    type: 'K8S',
    // APPLY / GET / DELETE / ROLLBACK converge when run again; CREATE does not (AlreadyExists).
    idempotent: true,
    isIdempotent: (input) => String(input.action ?? '').toUpperCase() !== 'CREATE',
    rawInputKeys: ['yaml'],
    async run(ctx) {
      try {
        return await run(deps, ctx);
      } catch (err) {
        if (
          err instanceof TaskFailure ||
          err instanceof ActionError ||
          err instanceof ManifestError
        ) {
          return { status: 'FAILED', message: err.message };
        }
        if (err instanceof Error && /^Invalid K8S task input|is not defined/.test(err.message))
          return { status: 'FAILED', message: err.message };
        if (err instanceof Error && err.name === 'BindingError')
          return { status: 'FAILED', message: err.message };
        throw err;
      }
    },
  };
}

export const k8sTaskHandler = createK8sTaskHandler();

/** Registers the K8S task type with the runner; the runner imports this module and calls it. */
export function registerK8sTask(): void {
  registerTaskHandler(k8sTaskHandler);
}

registerK8sTask();
export { FIELD_MANAGER };
