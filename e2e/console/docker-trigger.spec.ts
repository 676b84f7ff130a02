import { expect, test } from '@playwright/test';
import { startCallbackReceiver, type CallbackReceiver } from '../fakes/callback-receiver';
import { hookUrlsOf, startFakeDockerHub, type FakeDockerHub } from '../fakes/docker-hub';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/k8s/server';
import { CALLBACKS_ALLOWED, dockerSetup, fixture, receiverPath } from '../api/docker-trigger-setup';
import { ADMIN, bearerFor, projectWithCluster, signInUi, unique } from '../support/session';

let hub: FakeDockerHub;
let kube: FakeKubeApi;
let callbacks: CallbackReceiver;

test.beforeAll(async () => {
  hub = await startFakeDockerHub({ users: { shopbot: 'dckr_pat_shop' } });
  kube = await startFakeKubeApi({
    tokens: { 'slipway-sa': { user: 'system:serviceaccount:shop:slipway' } },
    stepMs: 200,
  });
  callbacks = await startCallbackReceiver();
});
test.afterAll(async () => {
  await hub.stop();
  await kube.stop();
  await callbacks.stop();
});

test('a push to Docker Hub runs the pipeline, end to end as a user', async ({ page, request }) => {
  test.setTimeout(120_000);
  // What the user already has: a project, a cluster endpoint and a pipeline with Docker inputs
  // and a K8S task (their own screens are tested by their features).
  const headers = await bearerFor(request);
  const project = await projectWithCluster(request, headers, 'shop', kube);
  const yaml = `kind: PIPELINE
project: ${project}
name: deploy-web-on-push
autoInject: DOCKER
input:
  DOCKER_EVENT_OWNER_NAME: ''
  DOCKER_IMAGE: ''
  DOCKER_REPO_NAME: ''
  DOCKER_REPO_NAMESPACE: ''
  DOCKER_TAG: ''
  REPLICAS: '2'
  ROLLOUT_NOTE: rolled out by Slipway
stageOrder: [Deploy]
stages:
  Deploy:
    taskOrder: [Apply web]
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
              selector: {matchLabels: {app: web-${project}}}
              template:
                metadata: {labels: {app: web-${project}}}
                spec:
                  containers:
                    - name: web
                      image: \${input.DOCKER_IMAGE}
`;
  const pl = await request.post('/api/v1/pipelines', {
    headers: { ...headers, 'Content-Type': 'application/yaml' },
    data: yaml,
  });
  expect(pl.status(), await pl.text()).toBe(201);

  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: project });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Docker' })
    .click();
  await expect(page.getByRole('heading', { name: 'No Docker webhooks yet' })).toBeVisible();
  await page.getByRole('link', { name: 'New webhook for Docker' }).first().click();

  const form = page.getByRole('form', { name: 'New webhook for Docker' });
  await form.getByLabel('Project').selectOption({ label: project });
  await form.getByLabel('Name', { exact: true }).fill('web on push');
  await form.getByLabel('Description').fill('Deploys web whenever shopbot/web gets a tag');

  // Create endpoint inline: what was typed above stays.
  await form.getByRole('button', { name: 'Create endpoint' }).click();
  const epDialog = page.getByRole('dialog', { name: 'Create endpoint' });
  // Only a Docker registry endpoint of the webhook's project can be made here.
  await expect(epDialog).toContainText(`A Docker registry endpoint in project ${project}.`);
  await expect(epDialog.getByLabel('Type', { exact: true })).toHaveCount(0);
  await epDialog.getByLabel('Name', { exact: true }).fill('hub');
  await expect(epDialog.getByLabel('Server type')).toHaveValue('DOCKER_HUB');
  await epDialog.getByLabel('URL').fill(hub.url);
  await epDialog.getByLabel('Username').fill('shopbot');
  await epDialog.getByLabel('Password or access token').fill('dckr_pat_shop');
  await epDialog.getByRole('button', { name: 'Create endpoint' }).click();
  await expect(epDialog).toBeHidden();
  await expect(form.getByLabel('Docker registry endpoint')).toHaveValue(/[0-9a-f-]{36}/);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('web on push');
  await expect(form.getByLabel('Description')).toHaveValue(/Deploys web/);

  await form.getByLabel('Pipeline').selectOption({ label: 'deploy-web-on-push' });
  // The pipeline's other inputs appear prefilled with its defaults, editable.
  await expect(form.getByLabel('REPLICAS')).toHaveValue('2');
  await expect(form.getByLabel('ROLLOUT_NOTE')).toHaveValue('rolled out by Slipway');
  await form.getByLabel('REPLICAS').fill('3');

  // Generate token in the dialog; it fills the API token field.
  await form.getByRole('button', { name: 'Generate token' }).click();
  const tokenDialog = page.getByRole('dialog', { name: 'Generate token' });
  await tokenDialog.getByLabel('Password').fill(ADMIN.password);
  await tokenDialog.getByLabel('Token name').fill('docker-webhook');
  await tokenDialog.getByRole('button', { name: 'Generate' }).click();
  await page
    .getByRole('dialog', { name: 'Your new API token' })
    .getByRole('button', { name: 'Done' })
    .click();
  await expect(form.getByLabel('API token')).toHaveValue(/^swr_/);

  await form.getByLabel('Build image').fill('shopbot/web');
  await form.getByLabel('Tag').fill('v*');
  await form.getByRole('button', { name: 'Save' }).click();

  const card = page.getByRole('article', { name: 'Webhook web on push' });
  await expect(card).toBeVisible();
  await expect(card.getByLabel('Docker Hub sync')).toContainText('is up to date');
  await expect(card.getByText('shopbot/web', { exact: true })).toBeVisible();
  const hookUrl = await card.getByLabel('Hook URL').inputValue();
  expect(hookUrl).toContain('/pipelines/api/docker-hub-webhooks?secureToken=');
  // The stand-in Hub received the hook URL.
  expect(hookUrlsOf(hub.state, 'shopbot/web')).toEqual([hookUrl]);

  // Docker Hub delivers a push.
  const push = JSON.parse(fixture('dockerhub-push.json')) as Record<string, unknown> & {
    push_data: Record<string, unknown>;
    repository: Record<string, unknown>;
  };
  Object.assign(push.repository, {
    repo_name: 'shopbot/web',
    name: 'web',
    namespace: 'shopbot',
    owner: 'shopbot',
  });
  Object.assign(push.push_data, {
    tag: 'v1.4.2',
    pusher: 'shopbot',
    pushed_at: Math.floor(Date.now() / 1000),
  });
  push.callback_url = `${callbacks.url}/u/shopbot/web/hook/browser/`;
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'No deliveries yet' })).toBeVisible();
  const delivered = await request.post(receiverPath(hookUrl), {
    data: Buffer.from(JSON.stringify(push)),
    headers: { 'content-type': 'application/json' },
  });
  expect(delivered.status(), await delivered.text()).toBe(202);

  // The Activity row appears live (no reload).
  const row = page.getByRole('row').filter({ hasText: 'v1.4.2' });
  await expect(row).toContainText('TRIGGERED');
  await expect(row).toContainText('shopbot/web');
  await expect(row.getByRole('button', { name: 'Resubmit' })).toBeVisible();
  // A tag outside the filter is recorded as not matched, and offers no Resubmit.
  const offFilter = structuredClone(push);
  offFilter.push_data.tag = 'nightly';
  const nm = await request.post(receiverPath(hookUrl), {
    data: Buffer.from(JSON.stringify(offFilter)),
    headers: { 'content-type': 'application/json' },
  });
  expect(nm.status(), await nm.text()).toBe(202);
  const nmRow = page.getByRole('row').filter({ hasText: 'nightly' });
  await expect(nmRow).toContainText('NOT_MATCHED');
  await expect(nmRow.getByRole('button', { name: 'Resubmit' })).toHaveCount(0);
  // Filters: kept in the URL (a reload keeps them); no match says so and offers the way back.
  await page.getByRole('form', { name: 'Filters' }).getByLabel('Result').selectOption('FAILED');
  await expect(page).toHaveURL(/result=FAILED/);
  await page.reload();
  await expect(
    page.getByRole('heading', { name: 'No deliveries match these filters' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Show all deliveries' }).click();
  await expect(page).not.toHaveURL(/result=/);
  await row.getByRole('link', { name: 'View execution' }).click();
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}/);
  // No reload: the page follows the execution live until it completes.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('deploy-web-on-push');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('COMPLETED', {
    timeout: 45_000,
  });
  const executionId = page.url().split('/executions/')[1]!;
  // "Started by" names the webhook and the tag, and leads to the webhook's activity.
  await expect(page.getByRole('link', { name: 'web on push (v1.4.2)' })).toHaveAttribute(
    'href',
    /\/triggers\/docker\?tab=activity&webhook=[0-9a-f-]{36}$/,
  );
  // The edited value and the untouched default both reach the execution's inputs.
  const ex = await request.get(`/api/v1/executions/${executionId}`, { headers });
  expect(((await ex.json()) as { inputs: Record<string, unknown> }).inputs).toMatchObject({
    REPLICAS: '3',
    ROLLOUT_NOTE: 'rolled out by Slipway',
    DOCKER_TAG: 'v1.4.2',
    DOCKER_IMAGE: 'shopbot/web:v1.4.2',
  });

  if (CALLBACKS_ALLOWED) {
    const got = await callbacks.waitFor((c) => c.path.endsWith('/hook/browser/'));
    expect(got.body).toMatchObject({ state: 'success' });
    expect((got.body as { target_url: string }).target_url).toContain(executionId);
  }
});

test('the webhook form offers Docker pipelines beyond the first page of the list', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const headers = await bearerFor(request);
  const project = unique('many');
  const p = await request.post('/api/v1/projects', {
    headers,
    data: { name: project, description: '' },
  });
  expect(p.status(), await p.text()).toBe(201);
  // The Docker pipeline is the oldest of 201: the list (newest first) shows it on page two.
  const create = async (data: Record<string, unknown>) => {
    const r = await request.post('/api/v1/pipelines', { headers, data: { project, ...data } });
    expect(r.status(), await r.text()).toBe(201);
  };
  await create({ name: 'oldest-docker', autoInject: 'DOCKER' });
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => create({ name: `plain-${batch * 20 + i}` })),
    );
  }

  await signInUi(page);
  await page.goto('/triggers/docker/new');
  const form = page.getByRole('form', { name: 'New webhook for Docker' });
  await form.getByLabel('Project').selectOption({ label: project });
  const pipeline = form.getByLabel('Pipeline');
  await expect(pipeline.getByRole('option', { name: 'oldest-docker' })).toBeAttached();
  // Only pipelines with Docker inputs are offered (plus the placeholder).
  await expect(pipeline.getByRole('option', { name: /^plain-/ })).toHaveCount(0);
  await pipeline.selectOption({ label: 'oldest-docker' });
  await expect(pipeline).not.toHaveValue('');
});

test('the new-webhook page works when opened directly, and Edit opens with the saved choices', async ({
  page,
  request,
}) => {
  const headers = await bearerFor(request);
  const s = await dockerSetup(request, headers, {
    url: hub.url,
    user: 'shopbot',
    password: 'dckr_pat_shop',
  });
  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: s.project.name });

  // Typed in the address bar (or reloaded), not reached through the link.
  await page.goto('/triggers/docker/new');
  const form = page.getByRole('form', { name: 'New webhook for Docker' });
  await expect(form.getByLabel('Project')).toHaveValue(s.project.id);
  await form.getByLabel('Name', { exact: true }).fill('direct');
  await form.getByLabel('Docker registry endpoint').selectOption({ label: s.endpoint.name });
  await form.getByLabel('Pipeline').selectOption({ label: s.pipeline.name });
  await form.getByLabel('API token').fill(s.refreshToken);
  await form.getByLabel('Build image').fill('shopbot/direct');
  await form.getByRole('button', { name: 'Save' }).click();
  const card = page.getByRole('article', { name: 'Webhook direct' });
  await expect(card.getByLabel('Docker Hub sync')).toContainText('is up to date');
  await expect(page.getByRole('status').filter({ hasText: 'Saved direct.' })).toContainText(
    'Docker Hub calls its hook URL on every push',
  );

  // Edit shows what was saved, also when the edit page itself is reloaded.
  await card.getByRole('link', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit webhook' });
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    await expect(edit.getByLabel('Docker registry endpoint')).toHaveValue(s.endpoint.id);
    await expect(edit.getByLabel('Pipeline')).toHaveValue(s.pipeline.id);
    await expect(edit.getByLabel('REPLICAS')).toHaveValue('2');
  }
  await edit.getByLabel('Tag').fill('v*');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(card.locator('dd.mono', { hasText: 'v*' })).toBeVisible();
  await expect(card.getByLabel('Docker Hub sync')).toContainText('is up to date');

  // Disable from the card: the card says so; enable again.
  const toggle = card.getByRole('checkbox');
  await toggle.uncheck();
  await expect(card.getByRole('heading')).toContainText('disabled');
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(card.getByRole('heading')).not.toContainText('disabled');

  // Rotate the hook URL: a new one on the card and on Docker Hub; the old one gets 401.
  const hookUrl = card.getByLabel('Hook URL');
  const oldUrl = await hookUrl.inputValue();
  await card.getByRole('button', { name: 'Rotate hook URL' }).click();
  await page
    .getByRole('dialog', { name: /Rotate the hook URL/ })
    .getByRole('button', { name: 'Rotate' })
    .click();
  await expect(hookUrl).not.toHaveValue(oldUrl);
  const newUrl = await hookUrl.inputValue();
  expect(hookUrlsOf(hub.state, 'shopbot/direct')).toEqual([newUrl]);
  const old = await request.post(receiverPath(oldUrl), { data: fixture('dockerhub-push.json') });
  expect(old.status()).toBe(401);

  // Delete while Docker Hub refuses: nothing deleted, the Hub's reason shown in the dialog,
  // then "Delete from Slipway only".
  hub.setMode('refuse');
  try {
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete webhook direct?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(dialog.getByRole('alert')).toContainText('nothing was deleted');
    await expect(dialog.getByRole('alert')).not.toContainText('force=true');
    const cards = page.locator('article[aria-label="Webhook direct"]');
    await expect(cards).toHaveCount(1); // kept (behind the dialog)
    await dialog.getByRole('button', { name: 'Delete from Slipway only' }).click();
    await expect(cards).toHaveCount(0);
  } finally {
    hub.setMode('ok');
  }
});
