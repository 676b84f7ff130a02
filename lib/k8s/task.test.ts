import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from '../../e2e/fakes/k8s/server';
import { findByKind } from '../../e2e/fakes/k8s/resources';
import type { EndpointWithSecrets } from '../services/endpoints/types';
import { memoryManifestHistory } from './manifest-history';
import { createK8sTaskHandler } from './task';
import { deploymentYaml, kubeEndpoint, makeRun, registryEndpoint } from './task-test-kit';

/** The K8S task against the fake API server over real HTTPS. */
let api: FakeKubeApi;
const endpoints = new Map<string, EndpointWithSecrets>();
const history = memoryManifestHistory();
const handler = createK8sTaskHandler({
  pollMs: 40,
  history,
  loadEndpoint: async (_p, name) => {
    const e = endpoints.get(name);
    if (!e) throw new Error(`no endpoint ${name}`);
    return e;
  },
});
const DEPLOY = findByKind('apps/v1', 'Deployment')!;

/** Runs with a slower controller so that intermediate rollout states are observed even on a busy machine. */
async function slowly<T>(fn: () => Promise<T>): Promise<T> {
  const before = api.controller.stepMs;
  api.controller.stepMs = 300;
  try {
    return await fn();
  } finally {
    api.controller.stepMs = before;
  }
}

beforeAll(async () => {
  api = await startFakeKubeApi({ tokens: { 'good-token': { user: 'deployer' } }, stepMs: 60 });
  endpoints.set(
    'cluster',
    kubeEndpoint('cluster', {
      url: api.url,
      token: 'good-token',
      caCert: api.caCertPem,
      namespace: 'default',
    }),
  );
  endpoints.set(
    'hub',
    registryEndpoint('hub', {
      url: 'https://registry.example.com',
      username: 'robot',
      password: 's3cret',
    }),
  );
  api.state.create(findByKind('v1', 'Namespace')!, undefined, { metadata: { name: 'shop' } });
});

afterAll(async () => {
  await api.stop();
});

describe('K8S task', () => {
  it('APPLY: server-side applies many documents with bindings, waits for the rollout, outputs the objects', async () => {
    const yaml = `${deploymentYaml('web', '${input.IMAGE}')}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;
    const run = makeRun({
      input: { action: 'APPLY', namespace: 'shop', timeout: 1, yaml },
      inputs: { REPLICAS: '3', IMAGE: 'shop/web:1.0' },
    });
    const res = await slowly(() => handler.run(run.ctx));
    expect(res.message).toBeUndefined();
    expect(res.status).toBe('COMPLETED');
    const live = api.state.get(DEPLOY, 'shop', 'web')!;
    expect((live.spec as { replicas: number }).replicas).toBe(3);
    expect(live.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'slipway', operation: 'Apply' }),
    ]);
    expect(run.logs).toContain('Deployment shop/web: 3 of 3 updated replicas available');
    expect(run.logs.some((l) => /Deployment shop\/web: [0-2] of 3/.test(l))).toBe(true);
    const out = res.output!;
    expect(out).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
      image: 'shop/web:1.0',
      availableReplicas: 3,
      replicas: 3,
    });
    expect(out.uid).toBe(live.metadata.uid);
    expect(out.objects).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'web',
        result: 'applied',
        images: ['shop/web:1.0'],
        readyReplicas: 3,
      }),
      expect.objectContaining({
        kind: 'Service',
        name: 'web',
        namespace: 'shop',
        uid: expect.any(String),
        resourceVersion: expect.any(String),
      }),
    ]);
    expect(history.records.at(-1)?.manifests[0]?.metadata.namespace).toBe('shop');
  });

  it('APPLY again with a new image bumps the generation and rolls it out', async () => {
    const run = makeRun({
      input: {
        action: 'APPLY',
        namespace: 'shop',
        timeout: 1,
        yaml: deploymentYaml('web', 'shop/web:2.0'),
      },
      inputs: { REPLICAS: 3 },
    });
    const res = await handler.run(run.ctx);
    expect(res.status).toBe('COMPLETED');
    const live = api.state.get(DEPLOY, 'shop', 'web')!;
    expect(live.metadata.generation).toBe(2);
    expect(res.output).toMatchObject({
      image: 'shop/web:2.0',
      updatedReplicas: 3,
      availableReplicas: 3,
    });
  });

  it('namespace: the task, else the document, else the endpoint', async () => {
    const cm = (name: string, ns?: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\ndata: {a: "1"}\n`;
    await handler.run(makeRun({ input: { action: 'APPLY', yaml: cm('from-doc', 'shop') } }).ctx);
    await handler.run(makeRun({ input: { action: 'APPLY', yaml: cm('from-endpoint') } }).ctx);
    await handler.run(
      makeRun({ input: { action: 'APPLY', namespace: 'shop', yaml: cm('from-task', 'default') } })
        .ctx,
    );
    const CM = findByKind('v1', 'ConfigMap')!;
    expect(api.state.get(CM, 'shop', 'from-doc')).toBeDefined();
    expect(api.state.get(CM, 'default', 'from-endpoint')).toBeDefined();
    expect(api.state.get(CM, 'shop', 'from-task')).toBeDefined();
  });

  it('CREATE: creates; an existing object fails with the server message unless continue on conflict', async () => {
    const yaml =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: blue}\n';
    const first = await handler.run(makeRun({ input: { action: 'CREATE', yaml } }).ctx);
    expect(first.status).toBe('COMPLETED');
    expect(first.output).toMatchObject({
      kind: 'ConfigMap',
      name: 'settings',
      namespace: 'default',
      result: 'created',
    });
    const again = await handler.run(makeRun({ input: { action: 'CREATE', yaml } }).ctx);
    expect(again.status).toBe('FAILED');
    expect(again.message).toContain('configmaps "settings" already exists');
    expect(again.message).toContain('Nothing was changed in the cluster');
    const tolerant = await handler.run(
      makeRun({ input: { action: 'CREATE', continueOnConflict: true, yaml } }).ctx,
    );
    expect(tolerant.status).toBe('COMPLETED');
    expect(tolerant.output).toMatchObject({ result: 'exists', uid: first.output!.uid });
  });

  it('GET: the output is the object (Secret values redacted)', async () => {
    const got = await handler.run(
      makeRun({
        input: {
          action: 'GET',
          namespace: 'shop',
          yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
        },
      }).ctx,
    );
    expect(got.status).toBe('COMPLETED');
    expect(got.output).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 3 },
      status: { availableReplicas: 3 },
    });
    await handler.run(
      makeRun({
        input: {
          action: 'APPLY',
          yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: hunter2}\n',
        },
      }).ctx,
    );
    const secret = await handler.run(
      makeRun({
        input: { action: 'GET', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\n' },
      }).ctx,
    );
    expect(secret.output).toMatchObject({ data: { password: '<redacted>' } });
    expect(JSON.stringify(secret.output)).not.toContain(Buffer.from('hunter2').toString('base64'));
  });

  it('DELETE: deletes, and a missing object is reported but not an error', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n';
    const del = await handler.run(makeRun({ input: { action: 'DELETE', yaml } }).ctx);
    expect(del.status).toBe('COMPLETED');
    expect(del.output).toMatchObject({ result: 'deleted' });
    expect(api.state.get(findByKind('v1', 'ConfigMap')!, 'default', 'settings')).toBeUndefined();
    const again = await handler.run(makeRun({ input: { action: 'DELETE', yaml } }).ctx);
    expect(again.output).toMatchObject({ result: 'not found' });
  });

  it('fails a rollout by the progress deadline with the pod waiting reason', async () => {
    const run = makeRun({
      input: {
        action: 'APPLY',
        timeout: 1,
        yaml: deploymentYaml('bad', 'shop/web:broken', '  progressDeadlineSeconds: 1\n'),
      },
      inputs: { REPLICAS: 2 },
    });
    const res = await handler.run(run.ctx);
    expect(res.status).toBe('FAILED');
    expect(res.message).toMatch(
      /^Rollout of Deployment default\/bad failed: ProgressDeadlineExceeded/,
    );
    expect(res.message).toContain('ImagePullBackOff (Back-off pulling image "shop/web:broken")');
    expect(res.message).toContain('Applied: Deployment default/bad');
    expect(run.logs.some((l) => l.includes('ImagePullBackOff'))).toBe(true);
    expect(history.records.some((r) => r.executionId === run.ctx.executionId)).toBe(false);
  });

  it("fails at the task's timeout with the pod's reason", async () => {
    const run = makeRun({
      input: { action: 'APPLY', timeout: 0.02, yaml: deploymentYaml('slow', 'shop/web:broken') },
      inputs: { REPLICAS: 1 },
    });
    const t0 = Date.now();
    const res = await handler.run(run.ctx);
    expect(res.status).toBe('FAILED');
    expect(res.message).toMatch(
      /did not complete within 0.02 min: 0 of 1 updated replicas available; pod slow-[a-z0-9-]+: ImagePullBackOff/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('cancel stops the wait at once', async () => {
    api.controller.pause();
    try {
      const run = makeRun({
        input: { action: 'APPLY', timeout: 5, yaml: deploymentYaml('paused', 'shop/web:1') },
        inputs: { REPLICAS: 2 },
      });
      const pending = handler.run(run.ctx);
      const end = Date.now() + 5000;
      while (!run.logs.some((l) => l.startsWith('Waiting for the rollout')) && Date.now() < end)
        await new Promise((r) => setTimeout(r, 10));
      const t0 = Date.now();
      run.abort();
      const res = await pending;
      expect(Date.now() - t0).toBeLessThan(500);
      expect(res).toMatchObject({ status: 'FAILED' });
      expect(res.message).toContain('Canceled while waiting for the rollout');
    } finally {
      api.controller.resume();
    }
  });

  it('imagePullSecretFrom: makes a dockerconfigjson Secret and references it from the pod template', async () => {
    const run = makeRun({
      input: {
        action: 'APPLY',
        namespace: 'shop',
        imagePullSecretFrom: 'hub',
        yaml: deploymentYaml('private', 'registry.example.com/team/app:1'),
      },
      inputs: { REPLICAS: 1 },
    });
    const res = await handler.run(run.ctx);
    expect(res.status).toBe('COMPLETED');
    const secret = api.state.get(findByKind('v1', 'Secret')!, 'shop', 'slipway-pull-hub')!;
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(
      Buffer.from(
        (secret.data as Record<string, string>)['.dockerconfigjson']!,
        'base64',
      ).toString(),
    ) as { auths: Record<string, { auth: string }> };
    expect(Buffer.from(config.auths['registry.example.com']!.auth, 'base64').toString()).toBe(
      'robot:s3cret',
    );
    const dep = api.state.get(DEPLOY, 'shop', 'private')!;
    expect(
      (dep.spec as { template: { spec: { imagePullSecrets: unknown } } }).template.spec
        .imagePullSecrets,
    ).toEqual([{ name: 'slipway-pull-hub' }]);
    expect(run.logs.join('\n')).not.toContain('s3cret');
  });

  it('ROLLBACK: re-applies what the last successful earlier execution applied, then waits', async () => {
    const pipelineId = '55555555-5555-4555-8555-555555555555';
    const apply = (image: string, executionId: string) =>
      handler.run(
        makeRun({
          pipelineId,
          executionId,
          input: { action: 'APPLY', yaml: deploymentYaml('rb', image) },
          inputs: { REPLICAS: 2 },
        }).ctx,
      );
    expect((await apply('shop/rb:1', '00000000-0000-4000-8000-0000000000a1')).status).toBe(
      'COMPLETED',
    );
    expect((await apply('shop/rb:2', '00000000-0000-4000-8000-0000000000a2')).status).toBe(
      'COMPLETED',
    );
    const none = await handler.run(
      makeRun({ pipelineId: '66666666-6666-4666-8666-666666666666', input: { action: 'ROLLBACK' } })
        .ctx,
    );
    expect(none.status).toBe('FAILED');
    expect(none.message).toContain('Nothing to roll back to');
    const run = makeRun({
      pipelineId,
      executionId: '00000000-0000-4000-8000-0000000000a2',
      task: 'Roll back web',
      input: { action: 'ROLLBACK', rollbackTask: 'Apply web', timeout: 1 },
    });
    const res = await handler.run(run.ctx);
    expect(res.message).toBeUndefined();
    expect(res.output).toMatchObject({ name: 'rb', image: 'shop/rb:1', availableReplicas: 2 });
    expect(run.logs.some((l) => l.includes('Deployment default/rb: successfully rolled out'))).toBe(
      true,
    );
    expect(
      (
        api.state.get(DEPLOY, 'default', 'rb')!.spec as {
          template: { spec: { containers: { image: string }[] } };
        }
      ).template.spec.containers[0]!.image,
    ).toBe('shop/rb:1');
  });
});

describe('K8S ROLLBACK as a separate task of the stage', () => {
  it("restores what the stage's deploy task applied in the previous execution", async () => {
    const pipelineId = '77777777-7777-4777-8777-777777777777';
    const e1 = '00000000-0000-4000-8000-0000000000b1';
    const e2 = '00000000-0000-4000-8000-0000000000b2';
    const deploy = (image: string, executionId: string) =>
      handler.run(
        makeRun({
          pipelineId,
          executionId,
          task: 'Deploy',
          input: { action: 'APPLY', yaml: deploymentYaml('stage-rb', image) },
          inputs: { REPLICAS: 1 },
        }).ctx,
      );
    expect((await deploy('shop/srb:1', e1)).status).toBe('COMPLETED');
    expect((await deploy('shop/srb:2', e2)).status).toBe('COMPLETED');
    const run = makeRun({
      pipelineId,
      executionId: e2,
      task: 'Roll back',
      input: { action: 'ROLLBACK', timeout: 1 },
    });
    const res = await handler.run(run.ctx);
    expect(res.message).toBeUndefined();
    expect(res.output).toMatchObject({ name: 'stage-rb', image: 'shop/srb:1' });
    expect(run.logs[0]).toMatch(
      /^Rolling back to what Deploy › Deploy applied in execution #\d+: Deployment default\/stage-rb$/,
    );
    const other = await handler.run(
      makeRun({
        pipelineId,
        executionId: e2,
        task: 'Roll back',
        input: { action: 'ROLLBACK', rollbackTask: 'Nope' },
      }).ctx,
    );
    expect(other.message).toBe(
      'Nothing to roll back to: no earlier successful execution of Deploy › Nope applied any manifests',
    );
  });
});

describe('K8S task without the execution scope', () => {
  it('substitutes bindings per scalar through ctx.resolve', async () => {
    const run = makeRun({
      noScope: true,
      input: {
        action: 'APPLY',
        namespace: 'shop',
        yaml: deploymentYaml('plain', 'shop/plain:${input.TAG}'),
      },
      inputs: { REPLICAS: '2', TAG: '7' },
    });
    const res = await handler.run(run.ctx);
    expect(res.status).toBe('COMPLETED');
    expect(res.output).toMatchObject({ image: 'shop/plain:7', replicas: 2, availableReplicas: 2 });
  });
});

describe('K8S task with StatefulSets and DaemonSets', () => {
  it('waits for both rollouts and reports their counts', async () => {
    const podTemplate = (app: string) => `  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: main, image: "shop/${app}:1"}]
`;
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
${podTemplate('db')}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
${podTemplate('agent')}`;
    const run = makeRun({ input: { action: 'APPLY', namespace: 'shop', timeout: 1, yaml } });
    const res = await slowly(() => handler.run(run.ctx));
    expect(res.message).toBeUndefined();
    expect(res.output!.objects).toEqual([
      expect.objectContaining({
        kind: 'StatefulSet',
        readyReplicas: 2,
        replicas: 2,
        image: 'shop/db:1',
      }),
      expect.objectContaining({
        kind: 'DaemonSet',
        availableReplicas: api.controller.nodes,
        image: 'shop/agent:1',
      }),
    ]);
    expect(run.logs).toContain('StatefulSet shop/db: successfully rolled out');
    expect(run.logs).toContain('DaemonSet shop/agent: successfully rolled out');
    expect(run.logs.some((l) => /StatefulSet shop\/db: [01] of 2 pods/.test(l))).toBe(true);
  });

  it('waitForRollout: false returns as soon as the objects are applied', async () => {
    api.controller.pause();
    try {
      const run = makeRun({
        input: {
          action: 'APPLY',
          waitForRollout: 'false',
          yaml: deploymentYaml('nowait', 'shop/web:1'),
        },
        inputs: { REPLICAS: 2 },
      });
      const res = await handler.run(run.ctx);
      expect(res.status).toBe('COMPLETED');
      expect(run.logs.some((l) => l.startsWith('Waiting for the rollout'))).toBe(false);
    } finally {
      api.controller.resume();
    }
  });
});
