import { createHash } from 'node:crypto';
import type { RolloutController } from './controller';
import { isObject, matchesLabelSelector } from './patch';
import type { KubeObject, ObjectStore } from './store';

/** Pods derived from the workloads and their rollout progress (read-only, like a real cluster's). */
type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (isObject(v) ? v : {});

function podUid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function suffix(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 5);
}

function makePod(
  w: KubeObject,
  hash: string,
  index: number,
  images: string[],
  state: 'running' | 'pulling' | 'creating',
  createdRv: string,
): KubeObject {
  const template = o(o(w.spec).template);
  const labels = {
    ...(o(o(template.metadata).labels) as Record<string, string>),
    'pod-template-hash': hash,
  };
  const name =
    w.kind === 'StatefulSet'
      ? `${w.metadata.name}-${index}`
      : `${w.metadata.name}-${w.kind === 'Deployment' ? `${hash}-` : ''}${suffix(`${hash}/${index}`)}`;
  const containers = Array.isArray(o(template.spec).containers)
    ? (o(template.spec).containers as Obj[])
    : [];
  const statuses = containers.map((c, i) => {
    const image = images[i] ?? String(c.image ?? '');
    const base = {
      name: String(c.name ?? `c${i}`),
      image,
      imageID: '',
      restartCount: 0,
      started: state === 'running',
      ready: state === 'running',
    };
    if (state === 'running')
      return { ...base, state: { running: { startedAt: new Date().toISOString() } } };
    if (state === 'pulling') {
      return {
        ...base,
        state: {
          waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` },
        },
      };
    }
    return { ...base, state: { waiting: { reason: 'ContainerCreating' } } };
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: w.metadata.namespace,
      uid: podUid(`${w.metadata.uid}/${name}`),
      resourceVersion: createdRv,
      labels,
      ownerReferences: [
        {
          apiVersion: w.apiVersion,
          kind: w.kind === 'Deployment' ? 'ReplicaSet' : w.kind,
          name: w.kind === 'Deployment' ? `${w.metadata.name}-${hash}` : w.metadata.name,
          uid: w.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: {
      ...o(template.spec),
      containers: containers.map((c, i) => ({ ...c, image: images[i] ?? c.image })),
    },
    status: {
      phase: state === 'running' ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: state === 'running' ? 'True' : 'False' }],
      containerStatuses: statuses,
    },
  };
}

export function listPods(
  store: ObjectStore,
  controller: RolloutController,
  ns: string | undefined,
  labelSelector: string | null,
): KubeObject[] {
  const pods: KubeObject[] = [];
  const rv = store.currentResourceVersion();
  for (const w of store.workloads()) {
    if (ns && w.metadata.namespace !== ns) continue;
    const r = controller.rolloutOf(w);
    if (!r) continue;
    const p = controller.progress(w, r);
    for (let i = 0; i < p.newCreated; i += 1) {
      const state = i < p.newReady ? 'running' : p.failing ? 'pulling' : 'creating';
      pods.push(makePod(w, r.templateHash, i, r.images, state, rv));
    }
    for (let i = 0; i < p.oldRemaining; i += 1) {
      pods.push(makePod(w, r.oldHash || 'old', p.newCreated + i, r.oldImages, 'running', rv));
    }
  }
  return pods.filter((p) =>
    matchesLabelSelector(labelSelector, p.metadata.labels as Record<string, string>),
  );
}
