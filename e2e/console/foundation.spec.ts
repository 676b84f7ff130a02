import { expect, test } from '@playwright/test';
import { bearerFor, signInUi, unique } from '../support/session';
import { makeProject, makeUser } from '../api/foundation-helpers';

/** The console screens of issue 2 beyond the first run: roles, paging, editing, errors. */

test('a non-administrator: no Users page, only own projects, paged, VIEWER is read-only', async ({
  page,
  request,
}) => {
  const admin = await bearerFor(request);
  const user = await makeUser(request, admin);
  const shared = await makeProject(request, admin);
  await request.post(`/api/v1/projects/${shared.id}/members`, {
    headers: admin,
    data: { email: user.email, role: 'VIEWER' },
  });
  const hidden = await makeProject(request, admin);
  const own: string[] = [];
  for (let i = 0; i < 26; i++) own.push((await makeProject(request, user.headers)).name);

  await signInUi(page, user);
  await expect(page.getByRole('navigation', { name: 'Main' })).not.toContainText('Users');
  await page.goto('/users');
  await expect(page.getByRole('alert').filter({ hasText: 'Administrators only' })).toBeVisible();

  await page.goto('/projects');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(26); // header + the first 25 of 27
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(28);
  await expect(page.getByRole('button', { name: 'Load more' })).toBeHidden();
  await expect(page.getByRole('link', { name: hidden.name })).toHaveCount(0);

  await page.getByRole('link', { name: shared.name }).click();
  await expect(page.getByRole('heading', { name: shared.name })).toBeVisible();
  await expect(page.getByText('Your role here is VIEWER')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByLabel('Member email')).toHaveCount(0);
  await expect(page.getByRole('row', { name: new RegExp(user.email) })).toContainText('VIEWER');

  await page.goto(`/projects/${hidden.id}`);
  await expect(page.getByRole('alert').filter({ hasText: 'not one of its members' })).toBeVisible();
});

test('keyboard: create, rename and delete a project; the switcher follows', async ({
  page,
  request,
}) => {
  // A user of its own, so that the list holds only this test's projects.
  const user = await makeUser(request, await bearerFor(request));
  await signInUi(page, user);
  await page.goto('/projects');
  await expect(page.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
  const name = unique('kbd');
  await page.getByRole('button', { name: 'New project' }).first().focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name').focus();
  await page.keyboard.type('bad/name');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('letters, digits')).toBeVisible();
  await dialog.getByLabel('Name').fill(name);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const switcher = page.getByLabel('Current project');
  await expect(switcher.locator('option', { hasText: name })).toHaveCount(1);

  const renamed = unique('renamed');
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit project ${name}` });
  await edit.getByLabel('Name').fill(renamed);
  await edit.getByLabel('Description').fill('described');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(renamed) })).toContainText('described');
  await expect(switcher.locator('option', { hasText: renamed })).toHaveCount(1);

  await page.getByRole('button', { name: `Delete ${renamed}` }).click();
  const confirm = page.getByRole('dialog', { name: `Delete project ${renamed}?` });
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('link', { name: renamed })).toBeVisible();
  await page.getByRole('button', { name: `Delete ${renamed}` }).click();
  await confirm.getByRole('button', { name: 'Delete project' }).click();
  await expect(page.getByRole('link', { name: renamed })).toHaveCount(0);
  await expect(switcher.locator('option', { hasText: renamed })).toHaveCount(0);
});

test('users page: edit and delete a user', async ({ page, request }) => {
  const admin = await bearerFor(request);
  const user = await makeUser(request, admin);
  await signInUi(page);
  await page.goto('/users');
  await page.getByRole('button', { name: `Edit ${user.email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${user.email}` });
  await dialog.getByLabel('Name').fill('Edited Name');
  await dialog.getByLabel('Administrator').check();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(user.email) });
  await expect(row).toContainText('Edited Name');
  await expect(row).toContainText('Administrator');
  // The password was kept: the user can still get a token with it.
  const t = await request.post('/api/v1/tokens', {
    data: { email: user.email, password: user.password },
  });
  expect(t.status()).toBe(201);

  await page.getByRole('button', { name: `Delete ${user.email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete user' }).click();
  await expect(row).toHaveCount(0);
});

test('generate token dialog: repeated wrong passwords show the slow-down message', async ({
  page,
  request,
}) => {
  const admin = await bearerFor(request);
  const user = await makeUser(request, admin);
  // Its own address (the server reads X-Forwarded-For), so that the address's cool-down does
  // not slow down the tests after it, which all come from 127.0.0.1.
  await page.setExtraHTTPHeaders({
    'X-Forwarded-For': `10.${Math.floor(Math.random() * 250)}.1.9`,
  });
  await signInUi(page, user);
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Generate token' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Generate token' });
  await expect(dialog.getByLabel('Email')).toHaveValue(user.email);
  const alert = dialog.getByRole('alert');
  const generate = dialog.getByRole('button', { name: 'Generate' });
  // Each failure past the free ones locks the account for longer; a bounded number of tries.
  for (let i = 0; i < 12; i++) {
    await dialog.getByLabel('Password').fill(`wrong password ${i}`);
    await generate.click();
    await expect(generate).toBeEnabled(); // the answer has arrived
    await expect(alert).toBeVisible();
    if ((await alert.textContent())?.includes('Too many')) break;
    await expect(alert).toContainText('Email or password is not correct');
  }
  await expect(alert).toContainText('Too many failed sign-ins');
  await expect(alert).toContainText(/Try again in \d+ second/);
});
