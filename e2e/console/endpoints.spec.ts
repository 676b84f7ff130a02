import { expect, test } from '@playwright/test';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/k8s/server';
import { startRealRegistry, type RealRegistry } from '../fakes/registry';
import { makeProject } from '../api/foundation-helpers';
import { bearerFor, signInUi } from '../support/session';

/**
 * Both kinds of endpoint created through the form: the server's certificate is fetched and must
 * be accepted before saving, then *Validate* talks to the real registry / the test cluster.
 */
let registry: RealRegistry;
let kube: FakeKubeApi;

test.beforeAll(async () => {
  registry = await startRealRegistry({ users: { deployer: 'deployer pass 1' } });
  kube = await startFakeKubeApi({ tokens: { 'deploy-token': { user: 'deployer' } } });
});
test.afterAll(async () => {
  await Promise.all([registry?.stop(), kube?.stop()]);
});

test('create a registry and a Kubernetes endpoint through the form, accept certificates, validate', async ({
  page,
  request,
}) => {
  const project = await makeProject(request, await bearerFor(request));
  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: project.name });
  await page.goto('/endpoints');
  await expect(page.getByRole('heading', { name: 'No endpoints yet' })).toBeVisible();

  // Docker registry
  await page.getByRole('link', { name: 'New endpoint' }).click();
  await expect(page.getByRole('heading', { name: 'New endpoint' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toHaveValue(
    project.id,
  );
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption('DOCKER_REGISTRY');
  await page.getByLabel('Name', { exact: true }).fill('registry');
  await page
    .getByRole('combobox', { name: 'Server type', exact: true })
    .selectOption('REGISTRY_V2');
  await page.getByLabel('URL', { exact: true }).fill(registry.url);
  await page.getByLabel('Username', { exact: true }).fill('deployer');
  await page.getByLabel('Password or access token', { exact: true }).fill('deployer pass 1');
  await page.getByRole('button', { name: 'Fetch certificate' }).click();
  await expect(page.getByTestId('cert-fingerprint')).toHaveText(registry.fingerprint);
  await expect(page.getByText('The system does not trust this certificate')).toBeVisible();
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect(page.getByText('accept its certificate before saving')).toBeVisible();
  await page.getByRole('button', { name: 'Accept certificate' }).click();
  await expect(page.getByText('Certificate accepted')).toBeVisible();
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await page.waitForURL('**/endpoints');
  const regRow = page.getByRole('row', { name: /registry/ });
  await expect(regRow).toContainText('Registry V2');
  await expect(regRow).toContainText('Not validated yet');
  await page.getByRole('button', { name: 'Validate registry' }).click();
  await expect(page.getByTestId('validation-registry')).toContainText('OK');
  await expect(page.getByTestId('validation-registry')).toContainText('Signed in');

  // Kubernetes
  await page.getByRole('link', { name: 'New endpoint' }).click();
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption('KUBERNETES');
  await page.getByLabel('Name', { exact: true }).fill('cluster');
  await page.getByLabel('API server URL', { exact: true }).fill(kube.url);
  await page.getByRole('combobox', { name: 'Authentication', exact: true }).selectOption('TOKEN');
  await page.getByLabel('Token', { exact: true }).fill('deploy-token');
  await page.getByLabel('Default namespace', { exact: true }).fill('shop');
  await page.getByRole('button', { name: 'Fetch certificate' }).click();
  await expect(page.getByTestId('cert-fingerprint')).toHaveText(kube.fingerprint);
  // Not accepted: refused; then the cluster's CA given instead, and the same form saves.
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect(page.getByText('accept its certificate before saving')).toBeVisible();
  await page.getByLabel('CA certificate (PEM, optional)').fill(kube.caCertPem);
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await page.waitForURL('**/endpoints');
  await page.getByRole('button', { name: 'Validate cluster' }).click();
  await expect(page.getByTestId('validation-cluster')).toContainText(
    /Connected to Kubernetes v1\.\d+\.\d+; these credentials may create Deployments in namespace "shop"/,
  );

  // Editing shows that the token is set without showing it, and keeps it when left empty.
  await page.getByRole('link', { name: 'cluster' }).click();
  await expect(page.getByLabel('Token', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Token', { exact: true })).toHaveAttribute(
    'placeholder',
    /Set — leave empty to keep it/,
  );
  await page.getByLabel('Default namespace', { exact: true }).fill('ops');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL('**/endpoints');
  await expect(page.getByTestId('validation-cluster')).toHaveCount(0);
  await page.getByRole('button', { name: 'Validate cluster' }).click();
  await expect(page.getByTestId('validation-cluster')).toContainText('namespace "ops"');
});

test('a Kubernetes endpoint from an uploaded kubeconfig: context picker, clear error for a broken file', async ({
  page,
  request,
}) => {
  const project = await makeProject(request, await bearerFor(request));
  const ca = Buffer.from(kube.caCertPem).toString('base64');
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: fake\n  cluster:\n    server: ${kube.url}\n    certificate-authority-data: ${ca}`,
    'users:',
    '- name: deployer\n  user:\n    token: deploy-token',
    '- name: nobody\n  user:\n    token: unknown-token',
    'contexts:',
    '- name: nobody@fake\n  context: {cluster: fake, user: nobody}',
    '- name: deployer@fake\n  context: {cluster: fake, user: deployer}',
    'current-context: nobody@fake',
    '',
  ].join('\n');
  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: project.name });
  await page.goto('/endpoints/new');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption('KUBERNETES');
  await page.getByLabel('Name', { exact: true }).fill('from-kubeconfig');
  await page
    .getByRole('combobox', { name: 'Authentication', exact: true })
    .selectOption('KUBECONFIG');
  const file = page.locator('input[type="file"]');
  await file.setInputFiles({
    name: 'broken.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.from('clusters: [oops'),
  });
  await expect(page.getByText('This file is not a usable kubeconfig')).toBeVisible();
  await file.setInputFiles({
    name: 'config',
    mimeType: 'text/yaml',
    buffer: Buffer.from(kubeconfig),
  });
  const context = page.getByRole('combobox', { name: 'Context', exact: true });
  await expect(context).toHaveValue('nobody@fake');
  await expect(context.getByRole('option')).toHaveText(['nobody@fake', 'deployer@fake']);
  await context.selectOption('deployer@fake');
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await page.waitForURL('**/endpoints');
  const row = page.getByRole('row', { name: /from-kubeconfig/ });
  await expect(row).toContainText('Kubeconfig');
  await expect(row).toContainText(kube.url);
  await page.getByRole('button', { name: 'Validate from-kubeconfig' }).click();
  await expect(page.getByTestId('validation-from-kubeconfig')).toContainText(
    'these credentials may create Deployments in namespace "default"',
  );
});
