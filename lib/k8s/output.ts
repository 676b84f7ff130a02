import type { RolloutState } from './rollout-status';
import { imagesOf, WORKLOAD_KINDS, type K8sObject } from './manifests';

/**
 * The task's output: one summary per object touched (kind, namespace, name, uid, resourceVersion,
 * and for workloads the final replica counts and images), plus the first workload's (else the
 * first object's) keys at the top level so bindings can say `${Deploy.Apply web.output.image}`.
 */
export interface ObjectSummary {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  result: string;
  images?: string[];
  image?: string;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

type Obj = Record<string, unknown>;

export function summarize(live: K8sObject, result: string, rollout?: RolloutState): ObjectSummary {
  const meta = live.metadata;
  const s: ObjectSummary = {
    apiVersion: live.apiVersion,
    kind: live.kind,
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    name: String(meta.name ?? ''),
    ...(typeof meta.uid === 'string' ? { uid: meta.uid } : {}),
    ...(typeof meta.resourceVersion === 'string' ? { resourceVersion: meta.resourceVersion } : {}),
    result,
  };
  if (
    WORKLOAD_KINDS.has(live.kind) ||
    live.kind === 'Pod' ||
    live.kind === 'Job' ||
    live.kind === 'CronJob'
  ) {
    const images = imagesOf(live);
    s.images = images;
    if (images[0]) s.image = images[0];
  }
  if (rollout && WORKLOAD_KINDS.has(live.kind)) {
    s.replicas = rollout.replicas;
    s.updatedReplicas = rollout.updatedReplicas;
    s.readyReplicas = rollout.readyReplicas;
    s.availableReplicas = rollout.availableReplicas;
  }
  return s;
}

/** Secrets' values never go to outputs (they are shown and stored in plain text). */
export function redactSecret(o: Obj): Obj {
  if (o.kind !== 'Secret') return o;
  const c = structuredClone(o);
  for (const k of ['data', 'stringData'] as const) {
    const d = c[k];
    if (d && typeof d === 'object') {
      c[k] = Object.fromEntries(Object.keys(d).map((key) => [key, '<redacted>']));
    }
  }
  return c;
}

export function buildOutput(
  action: string,
  summaries: ObjectSummary[],
  fullObjects?: Obj[],
): Record<string, unknown> {
  const primary = summaries.find((s) => WORKLOAD_KINDS.has(s.kind)) ?? summaries[0];
  const out: Record<string, unknown> = {};
  if (action === 'GET' && fullObjects?.[0]) Object.assign(out, redactSecret(fullObjects[0]));
  Object.assign(out, primary ?? {}, { action, objects: summaries });
  if (action === 'GET' && fullObjects) out.items = fullObjects.map(redactSecret);
  return out;
}
