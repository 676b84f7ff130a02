import { expect, test } from '@playwright/test';
import { makeProject } from '../api/foundation-helpers';
import { bearerFor, signInUi } from '../support/session';

/**
 * A Docker pipeline built through the editor from scratch: auto-inject Docker, a custom input, a
 * stage with a CONDITION task; an API error shown next to its field; save, reload, export YAML.
 */
test('build a Docker pipeline in the editor, save, reload and export it', async ({
  page,
  request,
}) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: project.name });
  await page.goto('/pipelines');
  await expect(page.getByRole('heading', { name: 'No pipelines yet' })).toBeVisible();
  await page.getByRole('link', { name: 'New pipeline' }).click();
  await expect(page.getByRole('heading', { name: 'New pipeline' })).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('deploy-on-push');
  await page.getByLabel('Description', { exact: true }).fill('Built in the browser');

  // Input tab: Docker parameters and one custom input.
  await page.getByLabel('Auto-inject parameters').selectOption('DOCKER');
  for (const name of ['DOCKER_IMAGE', 'DOCKER_TAG', 'DOCKER_REPO_NAMESPACE']) {
    await expect(page.getByTestId(`input-row-${name}`)).toBeVisible();
  }
  await page.getByLabel('New input name').fill('REPLICAS');
  await page.getByRole('button', { name: 'Add input' }).click();
  await page.getByLabel('Default of REPLICAS').fill('2');
  await page.getByLabel('Description of REPLICAS').fill('Replicas to run');

  // Model tab: a stage with a CONDITION task, first with a binding to nothing.
  await page.getByRole('tab', { name: 'Model' }).click();
  await page.getByLabel('New stage name').fill('Check');
  await page.getByRole('button', { name: 'Add stage' }).click();
  await expect(page.getByRole('region', { name: 'Stage Check' })).toBeVisible();
  await page.getByRole('button', { name: 'Add task in Check' }).click();
  await page.getByLabel('New task name').fill('Not latest');
  await page.getByLabel('New task type').selectOption('CONDITION');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const condition = page.getByLabel('Condition', { exact: true });
  await condition.fill('${input.NOPE} == 1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('${input.NOPE}: there is no input "NOPE"').first()).toBeVisible();
  await expect(page).toHaveURL(/\/pipelines\/new$/);

  await condition.fill('${input.DOCKER_TAG} != "latest" && ${input.REPLICAS} > 0');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/pipelines\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;

  // Reload: everything is back.
  await page.reload();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('deploy-on-push');
  await expect(page.getByLabel('Auto-inject parameters')).toHaveValue('DOCKER');
  await expect(page.getByLabel('Default of REPLICAS')).toHaveValue('2');
  await page.getByRole('tab', { name: 'Model' }).click();
  await page.getByRole('button', { name: /Not latest/ }).click();
  await expect(page.getByLabel('Condition', { exact: true })).toHaveValue(
    '${input.DOCKER_TAG} != "latest" && ${input.REPLICAS} > 0',
  );

  // YAML tab shows the whole document; the export is the same document.
  await page.getByRole('tab', { name: 'YAML' }).click();
  const editor = page.locator('.cm-content');
  await expect(editor).toContainText('autoInject: DOCKER');
  await expect(editor).toContainText('Not latest');
  const exported = await page.request.get(`/api/v1/pipelines/${id}?format=yaml`);
  expect(exported.status()).toBe(200);
  const text = await exported.text();
  expect(text).toContain(`project: ${project.name}`);
  expect(text).toContain('autoInject: DOCKER');
  expect(text).toContain('DOCKER_TAG:');
  expect(text).toContain('type: CONDITION');
  expect(text).toContain('condition: ${input.DOCKER_TAG} != "latest" && ${input.REPLICAS} > 0');

  // A YAML edit with an unknown task type: refused, marked at its line, nothing saved.
  const broken = text.replace('type: CONDITION', 'type: SHELL');
  const line = broken.split('\n').findIndex((l) => l.includes('type: SHELL')) + 1;
  await editor.fill(broken);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert', { name: 'YAML problems' })).toContainText(`Line ${line}:`);
  expect(await (await page.request.get(`/api/v1/pipelines/${id}?format=yaml`)).text()).toBe(text);

  // The list shows it with its project and state.
  await page.goto('/pipelines');
  const row = page.getByTestId('pipeline-row-deploy-on-push');
  await expect(row).toContainText(project.name);
  await expect(row).toContainText('Enabled');
  await expect(row).toContainText('Never run');
  await row.getByRole('button', { name: 'Disable deploy-on-push' }).click();
  await expect(row).toContainText('Disabled');
});

test('variables page: a secret is stored write-only and shown masked', async ({
  page,
  request,
}) => {
  const project = await makeProject(request, await bearerFor(request));
  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: project.name });
  await page.goto('/variables');
  await expect(page.getByRole('heading', { name: 'No variables yet' })).toBeVisible();
  await page.getByRole('button', { name: 'New variable' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('HUB_TOKEN');
  await dialog.getByLabel('Type').selectOption('SECRET');
  await dialog.getByLabel('Value').fill('very-secret-value');
  await dialog.getByRole('button', { name: 'Save variable' }).click();
  const row = page.getByTestId('variable-row-HUB_TOKEN');
  await expect(row).toContainText('*****');
  await expect(page.locator('body')).not.toContainText('very-secret-value');
  await row.getByRole('button', { name: 'Edit HUB_TOKEN' }).click();
  await expect(page.getByRole('dialog').getByLabel('Value')).toHaveValue('');
});

/** WCAG contrast ratio of two computed CSS colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/**
 * Renaming a task and a stage in the Model tab rewrites the bindings that refer to them, so the
 * save succeeds; the task chips stay readable; a YAML error at the end is marked on its line.
 */
test('renames keep bindings working; readable chips; YAML error at the last line', async ({
  page,
  request,
}) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  const created = await request.post('/api/v1/pipelines', {
    headers: { ...headers, 'content-type': 'application/yaml' },
    data: `name: renames
project: ${project.name}
output: {checked: '\${Check.Not latest.output.result}'}
stageOrder: [Check, Gate]
stages:
  Check:
    taskOrder: [Not latest]
    tasks:
      Not latest: {type: CONDITION, input: {condition: 'true'}}
  Gate:
    taskOrder: [After]
    tasks:
      After:
        type: CONDITION
        preCondition: \${Check.Not latest.output.result} == true
        input: {condition: '"\${Check.Not latest.output.result}" == "true"'}
`,
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: project.name });
  await page.goto(`/pipelines/${id}`);
  await page.getByRole('tab', { name: 'Model' }).click();

  // "Add task" is a button as wide as its label, not a full-width field.
  const addTask = page.getByRole('button', { name: 'Add task in Check' });
  const card = await page.getByRole('region', { name: 'Stage Check' }).boundingBox();
  const button = await addTask.boundingBox();
  expect(button!.width).toBeLessThan(card!.width / 2);

  // The selected chip's type label is readable on the blue chip.
  const chip = page.getByRole('button', { name: /Not latest/ });
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  const type = chip.getByText('CONDITION');
  const [fg, bg] = await type.evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.color, s.backgroundColor];
  });
  expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);

  await page.getByLabel('Task name', { exact: true }).fill('Tag check');
  await page.getByRole('button', { name: 'Rename task' }).click();
  const stage = page.getByRole('region', { name: 'Stage Check' });
  await stage.getByLabel('Name of stage Check').fill('Verify');
  await stage.getByRole('button', { name: 'Rename stage' }).click();
  await expect(page.getByRole('region', { name: 'Stage Verify' })).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const exported = await (await page.request.get(`/api/v1/pipelines/${id}?format=yaml`)).text();
  expect(exported).toContain('checked: ${Verify.Tag check.output.result}');
  expect(exported).toContain('preCondition: ${Verify.Tag check.output.result} == true');
  expect(exported).toContain(`condition: '"\${Verify.Tag check.output.result}" == "true"'`);
  expect(exported).not.toContain('Not latest');

  // A flow list left open at the end of a 2-line document: marked on line 2, not line 3.
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.locator('.cm-content').fill('name: renames\nstageOrder: [Verify\n');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert', { name: 'YAML problems' })).toContainText('Line 2:');
});

test('a task moves into another group to run in parallel, and back into a group of its own', async ({
  page,
  request,
}) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  const condition = (c: string) => ({ type: 'CONDITION', input: { condition: c } });
  const created = await request.post('/api/v1/pipelines', {
    headers,
    data: {
      project: project.name,
      name: 'groups',
      stageOrder: ['Checks'],
      stages: {
        Checks: {
          taskOrder: ['lint', 'test', 'scan'],
          tasks: {
            lint: condition('1 == 1'),
            test: condition('2 == 2'),
            scan: condition('3 == 3'),
          },
        },
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const taskOrder = async () => {
    const doc = (await (await request.get(`/api/v1/pipelines/${id}`, { headers })).json()) as {
      stages: { Checks: { taskOrder: string[] } };
    };
    return doc.stages.Checks.taskOrder;
  };

  await signInUi(page);
  await page.goto(`/pipelines/${id}`);
  await page.getByRole('tab', { name: 'Model' }).click();
  await page.getByRole('button', { name: /^scan/ }).click();
  const runsIn = page.getByLabel('Runs in');
  await expect(
    runsIn.getByRole('option', { name: 'Group 1, in parallel with lint' }),
  ).toBeAttached();
  await runsIn.selectOption({ label: 'Group 1, in parallel with lint' });
  await expect(runsIn).toHaveValue('0');
  // Leaving with an unsaved change asks first; saying no stays on the editor with the change.
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.message());
      void d.dismiss();
    }),
  );
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Executions' })
    .click();
  expect(await asked).toContain('Leave without saving?');
  await expect(page).toHaveURL(new RegExp(`/pipelines/${id}$`));
  await expect(runsIn).toHaveValue('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(taskOrder).toEqual(['lint, scan', 'test']);

  // Back out of the parallel group, into a group of its own at the end; its settings stay.
  await runsIn.selectOption({ label: 'A new group of its own, at the end of the stage' });
  await expect(runsIn).toHaveValue('2');
  await expect(page.getByLabel('Condition', { exact: true })).toHaveValue('3 == 3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(taskOrder).toEqual(['lint', 'test', 'scan']);
});
