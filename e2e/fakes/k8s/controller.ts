import { createHash } from 'node:crypto';
import { isObject, jsonEqual } from './patch';
import { findByKind } from './resources';
import type { KubeObject, ObjectStore } from './store';

/**
 * A simulated workload controller: each step (`stepMs`) one more new pod becomes ready and one
 * old pod goes away, like a RollingUpdate with maxSurge 1. Pods whose image matches a fail
 * pattern never become ready (ImagePullBackOff), and a Deployment then reports
 * Progressing=False / ProgressDeadlineExceeded after spec.progressDeadlineSeconds.
 */
export interface ControllerOptions {
  stepMs?: number;
  failImages?: string[];
  /** Nodes a DaemonSet schedules on. */
  nodes?: number;
}

interface Rollout {
  generation: number;
  templateHash: string;
  images: string[];
  startedAt: number;
  oldAvailable: number;
  oldImages: string[];
  oldHash: string;
}

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (isObject(v) ? v : {});

export function imagesOf(workload: KubeObject): string[] {
  const containers = o(o(o(workload.spec).template).spec).containers;
  return Array.isArray(containers) ? containers.map((c) => String(o(c).image ?? '')) : [];
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

export class RolloutController {
  stepMs: number;
  failImages: string[];
  nodes: number;
  private readonly rollouts = new Map<string, Rollout>();
  private timer: NodeJS.Timeout | undefined;
  private paused = false;

  constructor(
    private readonly store: ObjectStore,
    opts: ControllerOptions = {},
  ) {
    this.stepMs = opts.stepMs ?? 200;
    this.failImages = opts.failImages ?? ['*:broken'];
    this.nodes = opts.nodes ?? 2;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), Math.max(20, Math.floor(this.stepMs / 4)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Freezes every rollout where it is (for tests of "still waiting" states). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  isFailing(image: string): boolean {
    return this.failImages.some((p) => globToRegExp(p).test(image));
  }

  desired(w: KubeObject): number {
    if (w.kind === 'DaemonSet') return this.nodes;
    const r = o(w.spec).replicas;
    return typeof r === 'number' ? r : 1;
  }

  rolloutOf(w: KubeObject): Rollout | undefined {
    return this.rollouts.get(String(w.metadata.uid));
  }

  tick(now = Date.now()): void {
    if (this.paused) return;
    const live = new Set<string>();
    for (const w of this.store.workloads()) {
      const uid = String(w.metadata.uid);
      live.add(uid);
      const r = this.track(w, now);
      const status = this.computeStatus(w, r, now);
      if (!jsonEqual(status, w.status)) {
        const t = findByKind(w.apiVersion, w.kind)!;
        this.store.update(
          t,
          w.metadata.namespace,
          w.metadata.name,
          { ...w, status },
          { status: true },
        );
      }
    }
    for (const uid of this.rollouts.keys()) if (!live.has(uid)) this.rollouts.delete(uid);
  }

  private track(w: KubeObject, now: number): Rollout {
    const uid = String(w.metadata.uid);
    const generation = Number(w.metadata.generation ?? 1);
    const templateHash = createHash('sha256')
      .update(JSON.stringify(o(w.spec).template ?? {}))
      .digest('hex')
      .slice(0, 10);
    const prev = this.rollouts.get(uid);
    if (prev && prev.templateHash === templateHash) {
      prev.generation = generation;
      return prev;
    }
    const progress = prev ? this.progress(w, prev, now) : undefined;
    const next: Rollout = {
      generation,
      templateHash,
      images: imagesOf(w),
      startedAt: now,
      oldAvailable: progress ? progress.newReady + progress.oldRemaining : 0,
      oldImages: prev ? (progress && progress.newReady > 0 ? prev.images : prev.oldImages) : [],
      oldHash: prev ? (progress && progress.newReady > 0 ? prev.templateHash : prev.oldHash) : '',
    };
    this.rollouts.set(uid, next);
    return next;
  }

  /** New pods created / ready and old pods still running, from the time since the rollout began. */
  progress(
    w: KubeObject,
    r: Rollout,
    now = Date.now(),
  ): { newCreated: number; newReady: number; oldRemaining: number; failing: boolean } {
    const want = this.desired(w);
    const steps = Math.floor((now - r.startedAt) / this.stepMs);
    const failing = r.images.some((i) => this.isFailing(i));
    const newReady = failing ? 0 : Math.min(want, steps);
    const newCreated = failing ? Math.min(want, 1) : Math.min(want, steps + 1);
    const oldRemaining = Math.max(0, Math.min(r.oldAvailable, want - newReady));
    return { newCreated, newReady, oldRemaining, failing };
  }

  private computeStatus(w: KubeObject, r: Rollout, now: number): Obj {
    const p = this.progress(w, r, now);
    const want = this.desired(w);
    const ready = p.newReady + p.oldRemaining;
    const complete = p.newReady === want && p.oldRemaining === 0;
    const observedGeneration = r.generation;
    if (w.kind === 'DaemonSet') {
      return {
        observedGeneration,
        desiredNumberScheduled: want,
        currentNumberScheduled: want,
        updatedNumberScheduled: p.failing ? p.newCreated : Math.min(want, p.newCreated),
        numberReady: ready,
        numberAvailable: ready,
        numberUnavailable: want - ready,
        numberMisscheduled: 0,
      };
    }
    if (w.kind === 'StatefulSet') {
      return {
        observedGeneration,
        replicas: p.newCreated + p.oldRemaining,
        readyReplicas: ready,
        availableReplicas: ready,
        currentReplicas: complete ? want : p.oldRemaining,
        updatedReplicas: p.newCreated,
        currentRevision: `${w.metadata.name}-${complete ? r.templateHash : r.oldHash || r.templateHash}`,
        updateRevision: `${w.metadata.name}-${r.templateHash}`,
        collisionCount: 0,
      };
    }
    const deadline = Number(o(w.spec).progressDeadlineSeconds ?? 600) * 1000;
    const stamp = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
    const rs = `${w.metadata.name}-${r.templateHash}`;
    const progressing = complete
      ? {
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rs}" has successfully progressed.`,
        }
      : now - r.startedAt > deadline
        ? {
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${rs}" has timed out progressing.`,
          }
        : {
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${rs}" is progressing.`,
          };
    const prevConditions = Array.isArray(o(w.status).conditions)
      ? (o(w.status).conditions as Obj[])
      : [];
    const keepTime = (type: string, status: string): string => {
      const prev = prevConditions.find((c) => c.type === type);
      return prev && prev.status === status && typeof prev.lastTransitionTime === 'string'
        ? prev.lastTransitionTime
        : stamp;
    };
    const availableOk = ready >= Math.max(0, want - Math.floor(want / 4));
    return {
      observedGeneration,
      replicas: p.newCreated + p.oldRemaining,
      updatedReplicas: p.newCreated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(want - ready > 0 ? { unavailableReplicas: want - ready } : {}),
      conditions: [
        {
          type: 'Available',
          status: availableOk ? 'True' : 'False',
          reason: availableOk ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: availableOk
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
          lastTransitionTime: keepTime('Available', availableOk ? 'True' : 'False'),
        },
        {
          type: 'Progressing',
          ...progressing,
          lastTransitionTime: keepTime('Progressing', progressing.status),
        },
      ],
    };
  }
}
