import { expect, test, type APIRequestContext } from '@playwright/test';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/k8s/server';
import { findByKind } from '../fakes/k8s/resources';
import { bearerFor, projectWithCluster, signInUi } from '../support/session';

/**
 * A pipeline whose K8S task deploys to the fake cluster through the real server and runner:
 * server-side apply, live rollout progress in the task log, output usable by bindings, and a
 * broken image failing with the controller's reason.
 */
let kube: FakeKubeApi;
type Headers = { Authorization: string };

test.beforeAll(async () => {
  kube = await startFakeKubeApi({
    tokens: { 'slipway-sa': { user: 'system:serviceaccount:shop:slipway' } },
    stepMs: 400,
  });
});

test.afterAll(async () => {
  await kube.stop();
});

async function setUp(
  request: APIRequestContext,
  opts: { rollbackTask?: boolean } = {},
): Promise<{ headers: Headers; project: string; pipelineId: string }> {
  const headers = await bearerFor(request);
  const project = await projectWithCluster(request, headers, 'k8s', kube);
  const yaml = `kind: PIPELINE
project: ${project}
name: deploy-web
input:
  IMAGE: shop/web:1
  REPLICAS: '3'
  ROLLBACK: 'no'
output:
  DEPLOYED_IMAGE: \${Deploy.Apply web.output.image}
stageOrder: [Deploy]
stages:
  Deploy:
    taskOrder: [Apply web${opts.rollbackTask ? ', Roll back' : ''}]
    tasks:
      Apply web:
        type: K8S
        endpoints: {kubernetesServer: dev-cluster}
        input:
          action: APPLY
          namespace: default
          timeout: 1
          yaml: |
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web-${project}}
            spec:
              replicas: \${input.REPLICAS}
              progressDeadlineSeconds: 4
              selector: {matchLabels: {app: web-${project}}}
              template:
                metadata: {labels: {app: web-${project}}}
                spec:
                  containers:
                    - name: web
                      image: \${input.IMAGE}
${
  opts.rollbackTask
    ? `      Roll back:
        type: K8S
        preCondition: \${input.ROLLBACK} == "yes"
        endpoints: {kubernetesServer: dev-cluster}
        input: {action: ROLLBACK, timeout: 1}
`
    : ''
}`;
  const pl = await request.post('/api/v1/pipelines', {
    headers: { ...headers, 'Content-Type': 'application/yaml' },
    data: yaml,
  });
  expect(pl.status(), await pl.text()).toBe(201);
  return { headers, project, pipelineId: ((await pl.json()) as { id: string }).id };
}

interface TaskView {
  name: string;
  status: string;
  output?: Record<string, unknown> | null;
  message?: string | null;
}
interface ExecutionView {
  status: string;
  outputs?: Record<string, unknown> | null;
  stages: { name: string; tasks: TaskView[] }[];
}

async function runAndWait(
  request: APIRequestContext,
  headers: Headers,
  pipelineId: string,
  inputs: Record<string, unknown>,
) {
  const r = await request.post(`/api/v1/pipelines/${pipelineId}/executions`, {
    headers,
    data: { inputs },
  });
  expect(r.status(), await r.text()).toBe(202);
  const { id } = (await r.json()) as { id: string };
  let ex: ExecutionView | undefined;
  await expect
    .poll(
      async () => {
        ex = (await (
          await request.get(`/api/v1/executions/${id}`, { headers })
        ).json()) as ExecutionView;
        return ex.status;
      },
      { timeout: 45_000, intervals: [250] },
    )
    .toMatch(/^(COMPLETED|FAILED|CANCELED)$/);
  const log = await request.get(
    `/api/v1/executions/${id}/log?stage=Deploy&task=${encodeURIComponent('Apply web')}`,
    { headers },
  );
  return { id, ex: ex!, log: await log.text() };
}

test('a pipeline deploys to the cluster and waits for the rollout', async ({ request }) => {
  const { headers, project, pipelineId } = await setUp(request);
  const { ex, log } = await runAndWait(request, headers, pipelineId, {
    IMAGE: 'shop/web:2.1',
    REPLICAS: '3',
  });
  const task = ex.stages[0]!.tasks[0]!;
  expect(task.message ?? '', JSON.stringify(task)).toBe('');
  expect(ex.status).toBe('COMPLETED');
  expect(task.output).toMatchObject({
    kind: 'Deployment',
    name: `web-${project}`,
    image: 'shop/web:2.1',
    availableReplicas: 3,
  });
  expect(log).toContain(`Deployment default/web-${project}: 3 of 3 updated replicas available`);
  expect(log).toMatch(/[0-2] of 3/);
  const live = kube.state.get(findByKind('apps/v1', 'Deployment')!, 'default', `web-${project}`)!;
  expect(live.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'slipway' })]);
  expect(ex.outputs).toMatchObject({ DEPLOYED_IMAGE: 'shop/web:2.1' });
});

test('a broken image fails the execution with the controller and pod reasons', async ({
  request,
}) => {
  const { headers, pipelineId } = await setUp(request);
  const { ex } = await runAndWait(request, headers, pipelineId, {
    IMAGE: 'shop/web:broken',
    REPLICAS: '2',
  });
  expect(ex.status).toBe('FAILED');
  const task = ex.stages[0]!.tasks[0]!;
  expect(task.status).toBe('FAILED');
  expect(task.message).toContain('ProgressDeadlineExceeded');
  expect(task.message).toContain('ImagePullBackOff');
});

test('a Roll back task restores what the previous execution deployed', async ({ request }) => {
  const { headers, project, pipelineId } = await setUp(request, { rollbackTask: true });
  const first = await runAndWait(request, headers, pipelineId, {
    IMAGE: 'shop/web:1',
    REPLICAS: '2',
  });
  expect(first.ex.status).toBe('COMPLETED');
  expect(first.ex.stages[0]!.tasks[1]!.status).toBe('SKIPPED');
  const second = await runAndWait(request, headers, pipelineId, {
    IMAGE: 'shop/web:2',
    REPLICAS: '2',
    ROLLBACK: 'yes',
  });
  const rollback = second.ex.stages[0]!.tasks[1]!;
  expect(rollback.message ?? '', JSON.stringify(rollback)).toBe('');
  expect(second.ex.status).toBe('COMPLETED');
  expect(rollback.output).toMatchObject({
    name: `web-${project}`,
    image: 'shop/web:1',
    availableReplicas: 2,
  });
  const live = kube.state.get(findByKind('apps/v1', 'Deployment')!, 'default', `web-${project}`)!;
  const spec = live.spec as { template: { spec: { containers: { image: string }[] } } };
  expect(spec.template.spec.containers[0]!.image).toBe('shop/web:1');
});

test('canceling the execution stops the rollout wait at once', async ({ request }) => {
  const { headers, pipelineId } = await setUp(request);
  kube.controller.pause();
  try {
    const r = await request.post(`/api/v1/pipelines/${pipelineId}/executions`, {
      headers,
      data: { inputs: { IMAGE: 'shop/web:3', REPLICAS: '2' } },
    });
    expect(r.status(), await r.text()).toBe(202);
    const { id } = (await r.json()) as { id: string };
    const logUrl = `/api/v1/executions/${id}/log?stage=Deploy&task=${encodeURIComponent('Apply web')}`;
    await expect
      .poll(async () => (await request.get(logUrl, { headers })).text(), {
        timeout: 30_000,
        intervals: [200],
      })
      .toContain('Waiting for the rollout');
    const started = Date.now();
    const c = await request.post(`/api/v1/executions/${id}/cancel`, { headers });
    expect(c.status(), await c.text()).toBeLessThan(300);
    await expect
      .poll(
        async () =>
          (
            (await (
              await request.get(`/api/v1/executions/${id}`, { headers })
            ).json()) as ExecutionView
          ).status,
        { timeout: 15_000, intervals: [200] },
      )
      .toBe('CANCELED');
    expect(Date.now() - started).toBeLessThan(10_000);
    const ex = (await (
      await request.get(`/api/v1/executions/${id}`, { headers })
    ).json()) as ExecutionView;
    expect(ex.stages[0]!.tasks[0]!.status).toBe('CANCELED');
  } finally {
    kube.controller.resume();
  }
});

test('the execution page shows the rollout live and its outcome', async ({ page, request }) => {
  const { headers, project, pipelineId } = await setUp(request);
  kube.controller.pause();
  let resumed = false;
  try {
    const r = await request.post(`/api/v1/pipelines/${pipelineId}/executions`, {
      headers,
      data: { inputs: { IMAGE: 'shop/web:live', REPLICAS: '3' } },
    });
    expect(r.status(), await r.text()).toBe(202);
    const { id } = (await r.json()) as { id: string };
    const logUrl = `/api/v1/executions/${id}/log?stage=Deploy&task=${encodeURIComponent('Apply web')}`;
    await expect
      .poll(async () => (await request.get(logUrl, { headers })).text(), {
        timeout: 30_000,
        intervals: [200],
      })
      .toContain('Waiting for the rollout');

    await signInUi(page);
    await page.goto(`/executions/${id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('RUNNING');
    await page
      .getByRole('table', { name: 'Tasks of Deploy' })
      .getByRole('button', { name: 'Apply web' })
      .click();
    const task = page.getByRole('region', { name: 'Task Apply web' });
    await expect(task.locator('[data-status="RUNNING"]')).toBeVisible();
    await expect(task.getByLabel('Task log')).toContainText(
      `Waiting for the rollout of Deployment default/web-${project}`,
    );

    kube.controller.resume();
    resumed = true;
    // No reload: the page follows the execution's live events.
    await expect(task.locator('[data-status="COMPLETED"]')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('heading', { level: 1 })).toContainText('COMPLETED');
    const log = task.getByLabel('Task log');
    await expect(log).toContainText(
      `Deployment default/web-${project}: 3 of 3 updated replicas available`,
    );
    await expect(log).toContainText(`Deployment default/web-${project}: successfully rolled out`);
    await expect(task).toContainText('"image": "shop/web:live"');
    await expect(task).toContainText('"availableReplicas": 3');
  } finally {
    if (!resumed) kube.controller.resume();
  }
});
