import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, expectNoSecret, shot, signIn, stack, tabTo, watchCsp } from './fixtures';

test('an edit-level user changes a stage and the next push runs the new code', async ({ page }) => {
  const name = unique('e2e-stage');
  const id = await ownDeployment(name);
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, {
      name: 'hello',
      language: 'bash',
      code: 'echo "hello from the old code"',
    });
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'bye', language: 'bash', code: 'echo "bye now"' });
    const csp = watchCsp(page);
    await signIn(page, 'edit', `/deployments/${id}`);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await expect(page.getByRole('heading', { name: `Edit shop/${name}`, level: 1 })).toBeVisible();
    const stages = page.getByRole('region', { name: 'Stages' });
    await stages.getByRole('button', { name: 'Edit stage hello' }).click();
    const form = stages.getByRole('form', { name: 'Edit stage hello' });
    const code = form.getByRole('textbox', { name: 'Code of stage hello' });
    await expect(code).toContainText('hello from the old code');
    // The editor highlights bash: the string is its own token.
    await expect(code.locator('span', { hasText: '"hello from the old code"' }).first()).toBeVisible();
    await code.fill('echo "hello from the new code"\necho "second line"');
    await form.getByLabel('Timeout (seconds)').fill('120');
    await expectAccessible(page);
    await shot(page, 'edit-stage');
    await form.getByRole('button', { name: 'Save stage' }).click();
    await expect(form).toHaveCount(0);
    await expect(stages).toContainText('timeout 120s');
    // Reordered: bye runs first from now on.
    await stages.getByRole('button', { name: 'Move hello down' }).click();
    await expect(stages.getByRole('listitem').first()).toContainText('bye');
    await expect(stages.getByRole('button', { name: 'Move bye up' })).toBeDisabled();
    expect(csp).toEqual([]);

    await page.getByRole('link', { name: `shop/${name}` }).click();
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    await page.getByRole('form', { name: 'Push' }).getByRole('button', { name: 'Start push' }).click();
    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
    const log = page.getByRole('region', { name: 'Log' });
    await expect(log).toContainText('hello from the new code');
    await expect(log).toContainText('second line');
    await expect(log).not.toContainText('hello from the old code');
    const text = (await log.locator('.log-text').allTextContents()).join('\n');
    expect(text.indexOf('bye now')).toBeLessThan(text.indexOf('hello from the new code'));
  } finally {
    await removeDeployment(id);
  }
});

test('an edit-level user adds a secret setting and marks another secret; no secret value reaches the page', async ({ page }) => {
  const s = stack();
  const name = unique('e2e-settings');
  const region = unique('region-value');
  const id = await ownDeployment(name);
  try {
    await adminJson('PUT', `/api/v1/deployments/${id}/settings/REGION`, { value: region });
    await signIn(page, 'edit', `/deployments/${id}/edit`);
    const settings = page.getByRole('region', { name: 'Settings' });
    await expect(settings.getByRole('row', { name: /REGION/ })).toContainText(region);

    const add = settings.getByRole('form', { name: 'Add a setting' });
    await add.getByLabel('Setting name').fill('DB_PASSWORD');
    await add.getByRole('checkbox', { name: /Secret/ }).check();
    await expect(add.getByLabel('Value')).toHaveAttribute('type', 'password');
    await add.getByLabel('Value').fill(s.secret);
    await add.getByRole('button', { name: 'Add setting' }).click();
    await expect(settings.getByRole('row', { name: /DB_PASSWORD/ })).toContainText('secret (write-only)');
    await expect(add.getByLabel('Value')).toHaveValue('');
    await expect(add.getByLabel('Setting name')).toHaveValue('');
    await expectNoSecret(page);

    await settings.getByRole('button', { name: 'Make REGION secret' }).click();
    await expect(settings.getByRole('row', { name: /REGION/ })).toContainText('secret (write-only)');
    expect(await page.content()).not.toContain(region);
    await expectNoSecret(page);
    await expectAccessible(page);
    await shot(page, 'edit-settings');

    await page.reload();
    await expect(settings.getByRole('row', { name: /DB_PASSWORD/ })).toContainText('secret (write-only)');
    await expectNoSecret(page);
    expect(await page.content()).not.toContain(region);
  } finally {
    await removeDeployment(id);
  }
});

test('a form refused by its rules says so beside the field and sends nothing', async ({ page }) => {
  const s = stack();
  await signIn(page, 'edit', `/deployments/${s.deployments.production}/edit`);
  const add = page.getByRole('region', { name: 'Settings' }).getByRole('form', { name: 'Add a setting' });
  let sent = 0;
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().includes('/settings/')) sent++;
  });
  await add.getByLabel('Setting name').fill('ROLF_SECRET');
  await add.getByRole('button', { name: 'Add setting' }).click();
  await expect(add.getByRole('alert')).toHaveText(/Setting name: must not start with ROLF_/);
  await expect(add.getByLabel('Setting name')).toHaveAttribute('aria-invalid', 'true');
  expect(sent).toBe(0);
  // The API's own refusal of a field is shown beside it too: a flag may not share a setting's variable.
  const flag = page.getByRole('region', { name: 'Flags' }).getByRole('form', { name: 'Add a flag' });
  await flag.getByLabel('Flag name').fill('Region flag');
  await flag.getByLabel('Variable').fill('REGION');
  await flag.getByRole('button', { name: 'Add flag' }).click();
  await expect(flag.getByRole('alert')).toContainText('Variable:');
  await expect(flag.getByRole('alert')).toContainText('a flag and a setting cannot share a name');
  await expect(page.getByRole('region', { name: 'Flags' }).getByRole('row', { name: /Region flag/ })).toHaveCount(0);
  await expectAccessible(page);
});

test('an editor grants a group a level on the Edit page, changes it and revokes it', async ({ page }) => {
  const group = unique('e2e-grant');
  const id = await ownDeployment(unique('e2e-perms'));
  await adminJson('POST', '/api/v1/groups', { name: group, description: 'made by an end-to-end test' });
  const grants = async () => adminJson<{ group: string; level: string }[]>('GET', `/api/v1/deployments/${id}/permissions`);
  try {
    await signIn(page, 'edit', `/deployments/${id}/edit`);
    const permissions = page.getByRole('region', { name: 'Permissions' });
    const form = permissions.getByRole('form', { name: 'Grant a group' });
    let sent = 0;
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes(`/deployments/${id}/permissions/`)) sent++;
    });
    // A name the spec's rules refuse is caught at the field, before anything is sent.
    await form.getByLabel('Rolf group').fill('not a group!');
    await form.getByRole('button', { name: 'Grant' }).click();
    await expect(form.getByRole('alert')).toContainText('Rolf group:');
    await expect(form.getByLabel('Rolf group')).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toBe(0);

    await form.getByLabel('Rolf group').fill(group);
    await form.getByLabel('Level').selectOption('push');
    await form.getByRole('button', { name: 'Grant' }).click();
    const level = permissions.getByLabel(`Level of ${group}`);
    await expect(level).toHaveValue('push');
    await expect(form.getByLabel('Rolf group')).toHaveValue('');
    expect((await grants()).find((g) => g.group === group)?.level).toBe('push');
    await expectAccessible(page);

    // A changed level is saved as soon as it is picked.
    await level.selectOption('edit');
    await expect.poll(async () => (await grants()).find((g) => g.group === group)?.level).toBe('edit');

    page.once('dialog', (d) => void d.accept());
    await permissions.getByRole('button', { name: `Revoke ${group}` }).click();
    await expect(level).toHaveCount(0);
    expect((await grants()).map((g) => g.group)).not.toContain(group);
  } finally {
    await removeDeployment(id);
    await adminJson('DELETE', `/api/v1/groups/${group}`);
  }
});

test("an editor changes a setting's value and deletes another", async ({ page }) => {
  const id = await ownDeployment(unique('e2e-setting-change'));
  try {
    await adminJson('PUT', `/api/v1/deployments/${id}/settings/REGION`, { value: 'eu-west' });
    await adminJson('PUT', `/api/v1/deployments/${id}/settings/OLD_SWITCH`, { value: 'on' });
    await signIn(page, 'edit', `/deployments/${id}/edit`);
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Change REGION' }).click();
    const change = settings.getByRole('form', { name: 'Change REGION' });
    await change.getByLabel('New value of REGION').fill('us-east');
    await change.getByRole('button', { name: 'Save' }).click();
    await expect(change).toHaveCount(0);
    await expect(settings.getByRole('row', { name: /REGION/ })).toContainText('us-east');

    page.once('dialog', (d) => void d.accept());
    await settings.getByRole('button', { name: 'Delete OLD_SWITCH' }).click();
    await expect(settings.getByRole('row', { name: /OLD_SWITCH/ })).toHaveCount(0);
    const saved = await adminJson<{ name: string; value: string | null }[]>('GET', `/api/v1/deployments/${id}/settings`);
    expect(saved.map((x) => [x.name, x.value])).toEqual([['REGION', 'us-east']]);
  } finally {
    await removeDeployment(id);
  }
});

for (const who of ['view', 'push'] as const) {
  test(`a ${who}-level user sees no edit controls and gets nowhere on the edit page`, async ({ page }) => {
    const s = stack();
    await signIn(page, who);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await page.getByRole('link', { name: 'shop/production' }).click();
    await expect(page.getByText(`Your level: ${who}`)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
    await page.goto(`${s.url}/deployments/${s.deployments.production}/edit`);
    await expect(page.getByRole('main').getByRole('alert')).toContainText(`You need edit on shop/production to change it; your level is ${who}.`);
    await expect(page.getByRole('form')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Delete|Save|Add/ })).toHaveCount(0);
    await expectAccessible(page);
    await expectNoSecret(page);
    await page.goto(`${s.url}/admin`);
    await expect(page.getByRole('main').getByRole('alert')).toContainText('Only admins may use this page.');
  });
}

test('leaving unsaved edits asks first, for a link and for closing the page', async ({ page }) => {
  const s = stack();
  const editUrl = `${s.url}/deployments/${s.deployments.production}/edit`;
  await signIn(page, 'edit', `/deployments/${s.deployments.production}/edit`);
  const add = page.getByRole('region', { name: 'Settings' }).getByRole('form', { name: 'Add a setting' });
  await add.getByLabel('Setting name').fill('UNSAVED_NAME');
  const dashboard = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' });

  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await dashboard.click();
  await expect.poll(() => asked).toEqual(['You have unsaved changes. Leave this page and lose them?']);
  await expect(page).toHaveURL(editUrl);
  await expect(add.getByLabel('Setting name')).toHaveValue('UNSAVED_NAME');

  page.once('dialog', (d) => void d.accept());
  await dashboard.click();
  await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();

  // Closing or reloading the tab: the browser's own prompt (beforeunload).
  await page.goto(editUrl);
  await add.getByLabel('Setting name').fill('UNSAVED_AGAIN');
  const unload = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.type()), void d.accept())));
  await page.close({ runBeforeUnload: true });
  expect(await unload).toBe('beforeunload');
});

test('a stage is edited with the keyboard alone, and Tab leaves the code editor', async ({ page }) => {
  const name = unique('e2e-keys');
  const id = await ownDeployment(name);
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'hello', language: 'bash', code: 'echo one' });
    await signIn(page, 'edit', `/deployments/${id}`);
    await tabTo(page, page.getByRole('link', { name: 'Edit', exact: true }));
    await page.keyboard.press('Enter');
    const stages = page.getByRole('region', { name: 'Stages' });
    await tabTo(page, stages.getByRole('button', { name: 'Edit stage hello' }));
    await page.keyboard.press('Enter');
    const form = stages.getByRole('form', { name: 'Edit stage hello' });
    const code = form.getByRole('textbox', { name: 'Code of stage hello' });
    await tabTo(page, code);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    // Typed at full speed: no key may be lost to a re-render of the form while the editor takes them.
    await page.keyboard.type('echo two');
    await page.keyboard.press('Tab');
    await expect(form.getByLabel('Timeout (seconds)')).toBeFocused();
    await tabTo(page, form.getByRole('button', { name: 'Save stage' }));
    await page.keyboard.press('Enter');
    await expect(form).toHaveCount(0);
    const saved = await adminJson<{ code: string }[]>('GET', `/api/v1/deployments/${id}/stages`);
    expect(saved[0]?.code).toBe('echo one\necho two');
  } finally {
    await removeDeployment(id);
  }
});
