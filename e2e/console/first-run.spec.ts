import { expect, test, type Page } from '@playwright/test';
import { ADMIN, unique } from '../support/session';

/**
 * Issue 2 as a user tries it, on an empty installation: setup → sign out / sign in → a user →
 * a project with a member → an API token copied from the dialog, used with Bearer, then revoked.
 */

const shots = process.env.E2E_SCREENSHOTS;
async function shot(page: Page, name: string) {
  if (!shots) return;
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 800 });
  await page.screenshot({ path: `${shots}/${name}-narrow.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

test('first run: setup, sign-in, project, member, API token used and revoked', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  // One long user journey on a fresh server (the first requests also warm it up).
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });

  // An empty installation sends every page to /setup.
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Slipway' })).toBeVisible();
  await page.getByLabel('Name').fill(ADMIN.name);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();

  // Lands signed in, on the (empty) projects page.
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole('button', { name: 'User menu' })).toContainText(ADMIN.name);
  await expect(page.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
  await shot(page, 'projects-empty');
  // Before any project, a new webhook and the Activity tab point to Projects instead of a form.
  await page.goto('/triggers/docker/new');
  await expect(page.getByRole('heading', { name: 'No project yet' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'New webhook for Docker' })).toHaveCount(0);
  await page.goto('/triggers/docker?tab=activity');
  await expect(page.getByRole('link', { name: 'Create a project' })).toBeVisible();

  // Setup is closed now.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/projects');

  // Sign out through the user menu.
  await page.getByRole('button', { name: 'User menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/projects');
  await expect(page).toHaveURL(/\/login/);

  // Sign in: a wrong password first shows the error, then the right one gets in.
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Email or password is not correct' }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'User menu' })).toContainText(ADMIN.name);

  // A second user, added by the administrator on the Users page.
  const member = { email: `${unique('member')}@example.com`, name: 'Max Member' };
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await page.getByRole('button', { name: 'Add user' }).click();
  const userDialog = page.getByRole('dialog', { name: 'Add user' });
  await userDialog.getByLabel('Email').fill(member.email);
  await userDialog.getByLabel('Name').fill(member.name);
  await userDialog.getByLabel('Password').fill('member password 1');
  await userDialog.getByRole('button', { name: 'Add user' }).click();
  await expect(userDialog).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(member.email) })).toBeVisible();
  await shot(page, 'users');

  // A project through the UI; the topbar project switcher shows it at once.
  const project = unique('shop');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Projects' })
    .click();
  await page.getByRole('button', { name: 'New project' }).first().click();
  const projectDialog = page.getByRole('dialog', { name: 'New project' });
  await projectDialog.getByLabel('Name').fill(project);
  await projectDialog.getByLabel('Description').fill('The web shop');
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await expect(projectDialog).toBeHidden();
  await expect(page.getByRole('link', { name: project })).toBeVisible();
  await expect(
    page.getByLabel('Current project').locator('option', { hasText: project }),
  ).toHaveCount(1);

  // The same name again is refused at the field.
  await page.getByRole('button', { name: 'New project' }).first().click();
  await projectDialog.getByLabel('Name').fill(project);
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await expect(projectDialog.getByText('already exists')).toBeVisible();
  await projectDialog.getByRole('button', { name: 'Cancel' }).click();
  await shot(page, 'projects-list');

  // Add the second user as a member, then change the role.
  await page.getByRole('link', { name: project }).click();
  await expect(page.getByRole('heading', { name: project })).toBeVisible();
  await page.getByLabel('Member email').fill(member.email);
  await page.getByLabel('Member role').selectOption('DEVELOPER');
  await page.getByRole('button', { name: 'Add member' }).click();
  const memberRow = page.getByRole('row', { name: new RegExp(member.email) });
  await expect(memberRow).toBeVisible();
  await expect(page.getByLabel(`Role of ${member.email}`)).toHaveValue('DEVELOPER');
  await page.getByLabel(`Role of ${member.email}`).selectOption('EXECUTOR');
  await page.reload();
  await expect(page.getByLabel(`Role of ${member.email}`)).toHaveValue('EXECUTOR');
  await shot(page, 'project-detail');

  // Generate a token: the dialog asks for email (prefilled) and password again.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'API tokens' })
    .click();
  await expect(page.getByRole('heading', { name: 'No API tokens yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Generate token' }).first().click();
  const tokenDialog = page.getByRole('dialog', { name: 'Generate token' });
  await expect(tokenDialog.getByLabel('Email')).toHaveValue(ADMIN.email);
  await tokenDialog.getByLabel('Password').fill('wrong password');
  await tokenDialog.getByRole('button', { name: 'Generate' }).click();
  await expect(tokenDialog.getByRole('alert')).toContainText('Email or password is not correct');
  await shot(page, 'token-form');
  const tokenName = unique('ci');
  await tokenDialog.getByLabel('Password').fill(ADMIN.password);
  await tokenDialog.getByLabel('Token name').fill(tokenName);
  await tokenDialog.getByRole('button', { name: 'Generate' }).click();

  const shown = page.getByRole('dialog', { name: 'Your new API token' });
  const field = shown.getByLabel('API token');
  await expect(field).toHaveValue(/^swr_/);
  await expect(shown.getByText('Expires')).toBeVisible();
  await expect(shown.getByRole('button', { name: 'Create variable' })).toBeVisible();
  await shot(page, 'token-dialog');
  await shown.getByRole('button', { name: 'Copy' }).click();
  await expect(shown.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await field.inputValue());

  // Use it against the API: refresh token → access token → /api/v1/me with Bearer.
  const login = await request.post('/api/v1/login', { data: { refreshToken: copied } });
  expect(login.status(), await login.text()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const bearer = { Authorization: `Bearer ${accessToken}` };
  const me = await request.get('/api/v1/me', { headers: bearer });
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { email: string }).email).toBe(ADMIN.email);

  // Create variable: a bad name is shown once, under its field; then stored, and said so.
  await shown.getByRole('button', { name: 'Create variable' }).click();
  const varDialog = page.getByRole('dialog', { name: 'Create variable' });
  await varDialog.getByLabel('Variable name').fill('not a name!');
  await varDialog.getByRole('button', { name: 'Create secret variable' }).click();
  await expect(varDialog.locator('.field-error')).toHaveCount(1);
  await expect(varDialog.getByRole('alert')).toHaveCount(0);
  await varDialog.getByLabel('Variable name').fill('CI_TOKEN');
  await varDialog.getByRole('button', { name: 'Create secret variable' }).click();
  await expect(varDialog).toBeHidden();
  await expect(shown.getByRole('status').filter({ hasText: 'CI_TOKEN' })).toContainText(
    '${var.CI_TOKEN}',
  );

  // The list shows it (name, status, last used); revoke it with a confirmation.
  await shown.getByRole('button', { name: 'Done' }).click();
  await page.reload();
  const row = page.getByRole('row', { name: new RegExp(tokenName) });
  await expect(row).toContainText('ACTIVE');
  await expect(row).not.toContainText('Never');
  await shot(page, 'tokens-list');
  await row.getByRole('button', { name: `Revoke ${tokenName}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect(row).toContainText('REVOKED');

  // The same Bearer call is now refused, saying why.
  const after = await request.get('/api/v1/me', { headers: bearer });
  expect(after.status()).toBe(401);
  const body = (await after.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('UNAUTHORIZED');
  expect(body.error.message).toMatch(/revoked/i);
  const relogin = await request.post('/api/v1/login', { data: { refreshToken: copied } });
  expect(relogin.status()).toBe(401);
  expect(((await relogin.json()) as { error: { message: string } }).error.message).toMatch(
    /revoked/i,
  );
});
