import { resolveValue, type BindingScope } from '../pipeline/bindings';
import type { TaskRunContext } from '../runner/task-types';
import type { EndpointWithSecrets } from '../services/endpoints/types';

/**
 * Helpers for tests of the K8S task (a TaskRunContext with a real binding scope, endpoints
 * pointing at the fake API server). Test-only; kept out of the handler.
 */
export interface FakeRun {
  ctx: TaskRunContext;
  logs: string[];
  abort(): void;
}

let counter = 0;

export function makeRun(opts: {
  input: Record<string, unknown>;
  endpoint?: string;
  inputs?: Record<string, unknown>;
  executionId?: string;
  executionIndex?: number;
  pipelineId?: string;
  stage?: string;
  task?: string;
  /** Leave out ctx.scope (a runner that only offers `resolve`). */
  noScope?: boolean;
}): FakeRun {
  counter += 1;
  const logs: string[] = [];
  const controller = new AbortController();
  const scope: BindingScope = {
    inputs: opts.inputs ?? {},
    vars: {},
    taskOutputs: {},
    executionId: opts.executionId ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    executionIndex: opts.executionIndex ?? counter,
  };
  const resolve = (v: unknown) => resolveValue(v, scope);
  const rawInput = opts.input;
  const resolvedInput = Object.fromEntries(
    Object.entries(rawInput).map(([k, v]) => [k, k === 'yaml' ? v : resolve(v)]),
  );
  const ctx: TaskRunContext = {
    executionId: scope.executionId,
    executionIndex: scope.executionIndex,
    projectId: '11111111-1111-4111-8111-111111111111',
    pipelineId: opts.pipelineId ?? '22222222-2222-4222-8222-222222222222',
    stage: opts.stage ?? 'Deploy',
    task: opts.task ?? 'Apply web',
    input: resolvedInput,
    doc: {
      type: 'K8S',
      endpoints: { kubernetesServer: opts.endpoint ?? 'cluster' },
      input: rawInput,
    },
    resolve,
    ...(opts.noScope ? {} : { scope }),
    log: async (line) => {
      logs.push(line);
    },
    signal: controller.signal,
  };
  return { ctx, logs, abort: () => controller.abort() };
}

export function kubeEndpoint(
  name: string,
  properties: Record<string, unknown>,
): EndpointWithSecrets {
  return {
    id: '33333333-3333-4333-8333-333333333333',
    projectId: '11111111-1111-4111-8111-111111111111',
    name,
    lastValidation: null,
    type: 'KUBERNETES',
    properties: { authType: 'TOKEN', namespace: 'default', ...properties },
  } as EndpointWithSecrets;
}

export function registryEndpoint(
  name: string,
  properties: Record<string, unknown>,
): EndpointWithSecrets {
  return {
    id: '44444444-4444-4444-8444-444444444444',
    projectId: '11111111-1111-4111-8111-111111111111',
    name,
    lastValidation: null,
    type: 'DOCKER_REGISTRY',
    properties: { serverType: 'REGISTRY_V2', ...properties },
  } as EndpointWithSecrets;
}

export function deploymentYaml(name: string, image: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: \${input.REPLICAS}
${extra}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: ${image}
`;
}
