import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
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

test('a queued push can be cancelled before it starts', async ({ page }) => {
  const id = await ownDeployment(unique('e2e-queued'));
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'wait', language: 'bash', code: 'echo "started waiting"; sleep 60' });
    // Pushes of one deployment run one at a time: the second waits in the queue while the first sleeps.
    const first = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'holds the deployment' });
    const second = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'waits its turn' });
    try {
      await signIn(page, 'push', `/pushes/${second.id}`);
      const heading = page.getByRole('heading', { level: 1 });
      await expect(heading).toContainText('queued');
      await page.getByRole('button', { name: 'Cancel push' }).click();
      await expect(heading).toContainText('cancelled');
      await expect(page.getByRole('button', { name: 'Cancel push' })).toHaveCount(0);
      await expectAccessible(page);
      // It never ran, and the push ahead of it still runs.
      const after = await adminJson<{ status: string; started_at?: string | null }>('GET', `/api/v1/pushes/${second.id}`);
      expect(after).toMatchObject({ status: 'cancelled' });
      expect(after.started_at ?? null).toBeNull();
      expect((await adminJson<{ status: string }>('GET', `/api/v1/pushes/${first.id}`)).status).toMatch(/queued|running/);
    } finally {
      await adminJson('POST', `/api/v1/pushes/${first.id}/cancel`, {}).catch(() => undefined);
      await expect
        .poll(async () => (await adminJson<{ status: string }>('GET', `/api/v1/pushes/${first.id}`)).status, { timeout: 30_000 })
        .toBe('cancelled');
    }
  } finally {
    await removeDeployment(id);
  }
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

test('a session revoked while a page is open goes to sign-in keeping the page, and signing in comes back to it', async ({ page }) => {
  const s = stack();
  const id = await ownDeployment(unique('e2e-revoked'));
  const path = `/deployments/${id}/edit`;
  try {
    await signIn(page, 'edit', path);
    await expect(page.getByRole('heading', { name: /^Edit shop\//, level: 1 })).toBeVisible();
    // The session ends behind the page's back (signed out elsewhere, or revoked): its token stops working at once.
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('rolf.session') ?? '{}') as { token?: string }).token);
    const logout = await fetch(`${s.url}/api/v1/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(logout.status).toBe(204);

    const add = page.getByRole('region', { name: 'Settings' }).getByRole('form', { name: 'Add a setting' });
    await add.getByLabel('Setting name').fill('AFTER_REVOKE');
    await add.getByLabel('Value').fill('never saved');
    await add.getByRole('button', { name: 'Add setting' }).click();
    await expect(page).toHaveURL(`${s.url}/sign-in?next=${encodeURIComponent(path)}`);
    expect(await page.evaluate(() => sessionStorage.getItem('rolf.session'))).toBeNull();
    const settings = await adminJson<{ name: string }[]>('GET', `/api/v1/deployments/${id}/settings`);
    expect(settings.map((x) => x.name)).not.toContain('AFTER_REVOKE');

    await page.getByLabel('Username').fill(s.users.edit.username);
    await page.getByLabel('Password').fill(s.users.edit.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${s.url}${path}`);
    await expect(page.getByRole('heading', { name: /^Edit shop\//, level: 1 })).toBeVisible();
  } finally {
    await removeDeployment(id);
  }
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

test('the history shows twenty pushes a page, and Older and Newer page through the rest', async ({ page }) => {
  const id = await ownDeployment(unique('e2e-history'));
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'hello', language: 'bash', code: 'echo hello' });
    // Pushes waiting for an approval never run, so 21 of them cost the worker nothing.
    await adminJson('PATCH', `/api/v1/deployments/${id}`, { approvals_required: 1 });
    for (let n = 1; n <= 21; n++) await adminJson('POST', `/api/v1/deployments/${id}/pushes`, { comment: `push number ${n}` });
    await signIn(page, 'view', `/deployments/${id}`);
    const history = page.getByRole('region', { name: 'History' });
    const comment = (n: number) => history.getByRole('cell', { name: `push number ${n}`, exact: true });
    const newer = history.getByRole('button', { name: 'Newer' });
    const older = history.getByRole('button', { name: 'Older' });
    await expect(comment(21)).toBeVisible();
    await expect(comment(2)).toBeVisible();
    await expect(comment(1)).toHaveCount(0);
    await expect(history.getByRole('row')).toHaveCount(1 + 20);
    await expect(newer).toBeDisabled();

    await older.click();
    await expect(comment(1)).toBeVisible();
    await expect(comment(21)).toHaveCount(0);
    await expect(history.getByRole('row')).toHaveCount(1 + 1);
    await expect(older).toBeDisabled();
    await expectAccessible(page);

    await newer.click();
    await expect(comment(21)).toBeVisible();
    await expect(comment(1)).toHaveCount(0);
    await expect(newer).toBeDisabled();
  } finally {
    await removeDeployment(id);
  }
});
