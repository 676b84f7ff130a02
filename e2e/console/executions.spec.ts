import { expect, test } from '@playwright/test';
import { makeProject } from '../api/foundation-helpers';
import { bearerFor, signInUi, unique } from '../support/session';

/**
 * Run a pipeline with an approval task from the console: the Run dialog asks for inputs, the
 * execution page shows the stages changing live (no reload), approve, and it completes.
 */
test('run, watch stages change live, approve, complete', async ({ page, request }) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  const name = unique('approve');
  const created = await request.post('/api/v1/pipelines', {
    headers,
    data: {
      project: project.name,
      name,
      input: { TARGET: 'staging' },
      stageOrder: ['Gate', 'Ship'],
      stages: {
        Gate: {
          taskOrder: ['Ask'],
          tasks: { Ask: { type: 'USER_OPERATION', input: { summary: 'Ship it?' } } },
        },
        Ship: {
          taskOrder: ['Check'],
          tasks: {
            Check: { type: 'CONDITION', input: { condition: '"${input.TARGET}" == "production"' } },
          },
        },
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const pipeline = (await created.json()) as { id: string };

  await signInUi(page);
  await page.getByLabel('Current project').selectOption({ label: project.name });
  await page.goto(`/pipelines/${pipeline.id}`);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('TARGET')).toHaveValue('staging');
  await dialog.getByLabel('TARGET').fill('production');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);

  const gate = page.locator('[data-stage="Gate"]');
  const ship = page.locator('[data-stage="Ship"]');
  await expect(gate).toHaveAttribute('data-status', 'WAITING');
  await expect(ship).toHaveAttribute('data-status', 'NOT_STARTED');
  // The waiting approval is shown without looking for it.
  await expect(page.getByText('Ship it?', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Approve' }).click();

  // Live: the page is never reloaded.
  await expect(gate).toHaveAttribute('data-status', 'COMPLETED');
  await expect(ship).toHaveAttribute('data-status', 'COMPLETED');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('COMPLETED');

  await page.getByRole('link', { name: 'All executions' }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('COMPLETED');
  await expect(row).toContainText('#1');

  // Re-run, then cancel it from the page: asked first, then CANCELED live.
  await row.getByRole('link').first().click();
  await page.getByRole('button', { name: 'Re-run' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('#2');
  await expect(gate).toHaveAttribute('data-status', 'WAITING');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const ask = page.getByRole('dialog', { name: `Cancel ${name} #2?` });
  await ask.getByRole('button', { name: 'Cancel execution' }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('CANCELED');
});
