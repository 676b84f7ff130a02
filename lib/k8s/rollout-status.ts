/**
 * Whether a workload's rollout is complete, the way `kubectl rollout status` decides it, plus the
 * progress sentence to log ("2 of 3 updated replicas available") and a failure reason when the
 * controller has given up (ProgressDeadlineExceeded).
 */
export interface RolloutState {
  done: boolean;
  message: string;
  /** Set when the controller reports the rollout as failed. */
  failure?: string;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);

function generationObserved(o: Obj): boolean {
  const gen = num(rec(o.metadata).generation, 0);
  return num(rec(o.status).observedGeneration, -1) >= gen;
}

function deployment(o: Obj): RolloutState {
  const spec = rec(o.spec);
  const st = rec(o.status);
  const want = num(spec.replicas, 1);
  const counts = {
    replicas: want,
    updatedReplicas: num(st.updatedReplicas),
    readyReplicas: num(st.readyReplicas),
    availableReplicas: num(st.availableReplicas),
  };
  if (!generationObserved(o))
    return {
      done: false,
      message: 'waiting for the controller to observe the new spec',
      ...counts,
    };
  const conditions = Array.isArray(st.conditions) ? (st.conditions as Obj[]) : [];
  const progressing = conditions.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      done: false,
      message: `${counts.availableReplicas} of ${want} updated replicas available`,
      failure: `ProgressDeadlineExceeded${typeof progressing.message === 'string' ? ` (${progressing.message})` : ''}`,
      ...counts,
    };
  }
  if (counts.updatedReplicas < want) {
    return {
      done: false,
      message: `${counts.updatedReplicas} of ${want} new replicas updated`,
      ...counts,
    };
  }
  const total = num(st.replicas);
  if (total > counts.updatedReplicas) {
    return {
      done: false,
      message: `${total - counts.updatedReplicas} old replicas pending termination`,
      ...counts,
    };
  }
  if (counts.availableReplicas < counts.updatedReplicas) {
    return {
      done: false,
      message: `${counts.availableReplicas} of ${counts.updatedReplicas} updated replicas available`,
      ...counts,
    };
  }
  return {
    done: true,
    message: `${counts.availableReplicas} of ${want} updated replicas available`,
    ...counts,
  };
}

function statefulSet(o: Obj): RolloutState {
  const spec = rec(o.spec);
  const st = rec(o.status);
  const want = num(spec.replicas, 1);
  const counts = {
    replicas: want,
    updatedReplicas: num(st.updatedReplicas),
    readyReplicas: num(st.readyReplicas),
    availableReplicas: num(st.availableReplicas, num(st.readyReplicas)),
  };
  if (!generationObserved(o))
    return {
      done: false,
      message: 'waiting for the controller to observe the new spec',
      ...counts,
    };
  if (counts.updatedReplicas < want)
    return { done: false, message: `${counts.updatedReplicas} of ${want} pods updated`, ...counts };
  if (counts.readyReplicas < want)
    return { done: false, message: `${counts.readyReplicas} of ${want} pods ready`, ...counts };
  const strategy = rec(spec.updateStrategy);
  if (
    (strategy.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    st.updateRevision !== st.currentRevision
  ) {
    return {
      done: false,
      message: `${counts.readyReplicas} of ${want} pods ready, waiting for revision ${String(st.updateRevision)}`,
      ...counts,
    };
  }
  return { done: true, message: `${counts.readyReplicas} of ${want} pods ready`, ...counts };
}

function daemonSet(o: Obj): RolloutState {
  const st = rec(o.status);
  const want = num(st.desiredNumberScheduled);
  const counts = {
    replicas: want,
    updatedReplicas: num(st.updatedNumberScheduled),
    readyReplicas: num(st.numberReady),
    availableReplicas: num(st.numberAvailable),
  };
  if (!generationObserved(o))
    return {
      done: false,
      message: 'waiting for the controller to observe the new spec',
      ...counts,
    };
  if (counts.updatedReplicas < want)
    return {
      done: false,
      message: `${counts.updatedReplicas} of ${want} new pods updated`,
      ...counts,
    };
  if (counts.availableReplicas < want)
    return {
      done: false,
      message: `${counts.availableReplicas} of ${want} updated pods available`,
      ...counts,
    };
  return {
    done: true,
    message: `${counts.availableReplicas} of ${want} updated pods available`,
    ...counts,
  };
}

export function rolloutState(o: Obj & { kind?: unknown }): RolloutState {
  if (o.kind === 'Deployment') return deployment(o);
  if (o.kind === 'StatefulSet') return statefulSet(o);
  if (o.kind === 'DaemonSet') return daemonSet(o);
  return { done: true, message: 'no rollout' };
}

/** The first waiting/terminated reason among a workload's pods, e.g. `pod web-1: ImagePullBackOff (Back-off pulling image "x")`. */
export function podProblem(pods: Obj[]): string | undefined {
  const benign = new Set(['ContainerCreating', 'PodInitializing']);
  for (const pod of pods) {
    const st = rec(pod.status);
    const statuses = [
      ...(Array.isArray(st.initContainerStatuses) ? st.initContainerStatuses : []),
      ...(Array.isArray(st.containerStatuses) ? st.containerStatuses : []),
    ] as Obj[];
    for (const cs of statuses) {
      const state = rec(cs.state);
      const waiting = rec(state.waiting);
      const terminated = rec(state.terminated);
      const reason =
        typeof waiting.reason === 'string'
          ? waiting.reason
          : typeof terminated.reason === 'string' && terminated.reason !== 'Completed'
            ? terminated.reason
            : undefined;
      if (!reason || benign.has(reason)) continue;
      const message = (waiting.message ?? terminated.message) as unknown;
      return `pod ${String(rec(pod.metadata).name)}: ${reason}${typeof message === 'string' && message ? ` (${message})` : ''}`;
    }
  }
  return undefined;
}
