import { expect, test } from '@playwright/test';
import { asAdmin, expectAccessible, expectNoSecret, shot, signIn, stack, watchCsp } from './fixtures';

test('a view-only user sees deployments and details but no buttons that need more', async ({ page }) => {
  const s = stack();
  const csp = watchCsp(page);
  await signIn(page, 'view');
  await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'shop/production' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'batch/nightly' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'blog/legacy' })).toHaveCount(0);
  // Each deployment's last push, from the one list request.
  await expect(page.getByRole('row', { name: /shop\/production/ })).toContainText('succeeded');
  await page.getByLabel('Show deprecated').check();
  await expect(page.getByRole('link', { name: 'blog/legacy' })).toBeVisible();
  await expect(page.getByRole('row', { name: /blog\/legacy/ })).toContainText('never pushed');
  await page.getByLabel('Filter').fill('shop');
  await expect(page.getByRole('link', { name: 'batch/nightly' })).toHaveCount(0);
  await expectAccessible(page);
  await shot(page, 'dashboard');

  await page.getByRole('link', { name: 'shop/production' }).click();
  await expect(page.getByRole('heading', { name: 'shop/production', level: 1 })).toBeVisible();
  await expect(page.getByText('Your level: view')).toBeVisible();
  await expect(page.getByText('The live shop.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Push' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Roll back/ })).toHaveCount(0);
  const settings = page.getByRole('region', { name: 'Settings' });
  await expect(settings.getByRole('row', { name: /REGION/ })).toContainText('eu-west');
  await expect(settings.getByRole('row', { name: /API_KEY/ })).toContainText('secret (write-only)');
  await expect(page.getByRole('region', { name: 'Tags' })).toContainText(s.deployments.tag);
  await expect(page.getByRole('region', { name: 'History' })).toContainText('first release');
  // Why the level is what it is, and what pushing would take.
  await page.getByText('Why do I have this level?').click();
  const why = page.getByRole('list', { name: 'Your access' });
  await expect(why).toContainText('Group viewers gives you view (you are in it through the directory group qa).');
  await expect(why).toContainText('To push, you would need to be in operators or devs.');
  // Where the time went: a bar per push with its stages named in text.
  await expect(page.getByRole('list', { name: 'Durations of the latest pushes' })).toContainText('succeeded');
  await expectNoSecret(page);
  await expectAccessible(page);
  await shot(page, 'deployment-view-only');

  // A view-only user may read a push but not cancel or push.
  await page.goto(`${s.url}/pushes/${s.deployments.tagged_push}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded');
  await expect(page.getByRole('region', { name: 'Log' })).toContainText('deployed');
  await expect(page.getByRole('button', { name: 'Cancel push' })).toHaveCount(0);
  await expectNoSecret(page);
  await expectAccessible(page);
  // Everything ran under the API's Content-Security-Policy (no inline script or style) without a violation.
  expect(csp).toEqual([]);
});

test('a push-level user pushes with a flag and watches the lines arrive live', async ({ page }) => {
  await signIn(page, 'push');
  await page.getByRole('link', { name: 'shop/production' }).click();
  await expect(page.getByText('Your level: push')).toBeVisible();
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  const form = page.getByRole('form', { name: 'Push' });
  await expect(form.getByLabel('Branch')).toHaveValue('main');
  await expect(form.getByRole('checkbox', { name: 'Dry run' })).not.toBeChecked();
  await form.getByLabel('Branch').fill('feature-x');
  await form.getByRole('checkbox', { name: 'Dry run' }).check();
  await form.getByLabel('Comment').fill('try feature x');
  await expectAccessible(page);
  await shot(page, 'push-form');
  await form.getByRole('button', { name: 'Start push' }).click();

  await expect(page).toHaveURL(/\/pushes\/\d+$/);
  const log = page.getByRole('region', { name: 'Log' });
  const heading = page.getByRole('heading', { level: 1 });
  // The first lines show while the push still runs: they came live, not with the finished log.
  await expect(log).toContainText('building feature-x (dry run: true)');
  await expect(heading).toContainText(/running|queued/);
  await expect(log).not.toContainText('deployed');
  await expect(log).toContainText('build step 10 of 20');
  await expect(heading).toContainText('succeeded', { timeout: 30_000 });
  await expect(log).toContainText('deploying feature-x to eu-west');
  await expect(log).toContainText('deployed');
  // stderr and Rolf's own lines are labelled, not only coloured.
  await expect(log.locator('.log-stderr')).toContainText(['erra warning on stderr']);
  await expect(log.locator('.log-system').first()).toContainText('sys');
  await expect(page.getByRole('list', { name: 'Stages' })).toContainText('build ✓ succeeded');
  await expect(page.getByText('DRY_RUN=true')).toBeVisible();
  await expectNoSecret(page);
  await expectAccessible(page);
  await shot(page, 'push');
});

test('a push can be cancelled while it runs', async ({ page }) => {
  await signIn(page, 'push');
  await page.getByRole('link', { name: 'batch/nightly' }).click();
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  await page.getByRole('form', { name: 'Push' }).getByRole('button', { name: 'Start push' }).click();
  await expect(page.getByRole('region', { name: 'Log' })).toContainText('started waiting');
  await page.getByRole('button', { name: 'Cancel push' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('cancelled', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Cancel push' })).toHaveCount(0);
  await expectAccessible(page);
});

test('a tagged push can be rolled back to', async ({ page }) => {
  const s = stack();
  await signIn(page, 'push');
  await page.getByRole('link', { name: 'shop/production' }).click();
  await page.getByRole('button', { name: `Roll back to ${s.deployments.tag}`, exact: true }).click();
  const form = page.getByRole('form', { name: 'Roll back' });
  await expect(form.getByLabel('Comment')).toHaveValue(`Roll back to ${s.deployments.tag}`);
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Start rollback' }).click();
  await expect(page).toHaveURL(/\/pushes\/\d+$/);
  // The first link to it is the push's "Rollback to" (What changed may link it too, further down).
  await expect(page.getByRole('link', { name: `push #${s.deployments.tagged_push}`, exact: true }).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Log' })).toContainText(`rolling back to ${s.deployments.tag}`);
});

test('a page opened without a session signs in and comes back to it', async ({ page }) => {
  const s = stack();
  await signIn(page, 'edit', `/deployments/${s.deployments.production}`);
  await expect(page).toHaveURL(new RegExp(`/deployments/${s.deployments.production}$`));
  await expect(page.getByText('Your level: edit')).toBeVisible();
  // An edit-level user may replace a secret without ever reading it, before or after.
  await page.getByRole('button', { name: 'Replace API_KEY' }).click();
  const value = page.getByLabel('New value of API_KEY');
  await expect(value).toHaveAttribute('type', 'password');
  await expect(value).toHaveValue('');
  await expectNoSecret(page);
  await value.fill(s.secret);
  await page.getByRole('form', { name: 'Replace API_KEY' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('form', { name: 'Replace API_KEY' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Settings' }).getByRole('row', { name: /API_KEY/ })).toContainText(
    'secret (write-only)',
  );
  await expectNoSecret(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(`${s.url}/deployments/${s.deployments.production}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByLabel('Username')).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'sign-in');
});

test('a wrong password shows the API message', async ({ page }) => {
  const s = stack();
  await page.goto(`${s.url}/sign-in`);
  await page.getByLabel('Username').fill('bob');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await expect(page).toHaveURL(/\/sign-in/);
  await expectAccessible(page);
});

test('a refusal the page did not expect is shown with its message', async ({ page }) => {
  const s = stack();
  const production = s.deployments.production;
  await signIn(page, 'push');
  await page.getByRole('link', { name: 'shop/production' }).click();
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  // Meanwhile an admin takes the grant away.
  await asAdmin('DELETE', `/api/v1/deployments/${production}/permissions/devs`);
  try {
    const form = page.getByRole('form', { name: 'Push' });
    await form.getByRole('button', { name: 'Start push' }).click();
    // Other regions of the page may refetch and report the same refusal; this test is about the form's.
    await expect(form.getByRole('alert')).toBeVisible();
    await expect(form.getByRole('alert')).not.toHaveText('');
    await expect(page).toHaveURL(new RegExp(`/deployments/${production}$`));
    await expectAccessible(page);
  } finally {
    await asAdmin('PUT', `/api/v1/deployments/${production}/permissions/devs`, { level: 'push' });
  }
});

test('an admin sees every deployment and may do everything on it', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page.getByText('Signed in as dave (admin)')).toBeVisible();
  for (const name of ['shop/production', 'batch/nightly', 'batch/huge']) {
    await expect(page.getByRole('link', { name })).toBeVisible();
  }
  await page.getByRole('link', { name: 'shop/production' }).click();
  await expect(page.getByText('Your level: edit (admin)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Push', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Replace API_KEY' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Permissions' })).toContainText('devs: push');
  await expectAccessible(page);
});
