import { expect, test } from '@playwright/test';
import { adminJson, unique } from './api';
import { expectAccessible, expectNoSecret, shot, signIn, stack } from './fixtures';

test('an admin makes a service account token and sees it once, with a copy button', async ({ page, context }) => {
  const s = stack();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
  const account = unique('ci');
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();

  const accounts = page.getByRole('region', { name: 'Service accounts' });
  const create = accounts.getByRole('form', { name: 'New service account' });
  await create.getByLabel('Account name').fill(account);
  await create.getByLabel('Its groups').fill('devs');
  await create.getByRole('button', { name: 'Add service account' }).click();
  const card = accounts.getByRole('article', { name: `Service account ${account}` });
  await expect(card).toContainText('Groups: devs');

  const issued = page.waitForResponse((r) => r.url().endsWith(`/service-accounts/${account}/tokens`) && r.status() === 201);
  const form = card.getByRole('form', { name: `New token for ${account}` });
  await form.getByLabel('Token name').fill('deploy-bot');
  await form.getByLabel('Expires in (days)').fill('30');
  await form.getByRole('button', { name: 'Create token' }).click();
  const token = (await (await issued).json()) as { id: number; token: string };
  try {
    const notice = card.getByRole('region', { name: 'New token deploy-bot' });
    await expect(notice.getByLabel('Token deploy-bot')).toHaveText(token.token);
    await expect(notice).toContainText('it is shown this once and never again');
    await notice.getByRole('button', { name: 'Copy token' }).click();
    await expect(notice.getByRole('status')).toHaveText(/Copied to the clipboard/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token.token);
    // It is a working token for the account.
    const me = await fetch(`${s.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token.token}` } });
    expect(((await me.json()) as { username: string }).username).toBe(account);
    await expectAccessible(page);
    await shot(page, 'admin-token-once');

    await page.reload();
    await expect(accounts.getByRole('article', { name: `Service account ${account}` })).toBeVisible();
    expect(await page.content()).not.toContain(token.token);
    const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    expect(storage).not.toContain(token.token);
  } finally {
    await adminJson('DELETE', `/api/v1/tokens/${token.id}`);
  }
});

test('an admin adds a directory group mapping to a group', async ({ page }) => {
  const group = unique('e2e-group');
  await signIn(page, 'admin', '/admin');
  const groups = page.getByRole('region', { name: 'Groups' });
  const create = groups.getByRole('form', { name: 'New group' });
  await create.getByLabel('Group name').fill(group);
  await create.getByLabel('Group description').fill('made by an end-to-end test');
  await create.getByRole('button', { name: 'Add group' }).click();
  try {
    const card = groups.getByRole('article', { name: `Group ${group}` });
    await expect(card).toContainText(`No directory group is mapped onto ${group}.`);
    const map = card.getByRole('form', { name: `Map a directory group onto ${group}` });
    await map.getByLabel(`Directory group for ${group}`).fill('cn=release-managers,ou=groups');
    await map.getByRole('button', { name: 'Add mapping' }).click();
    const list = card.getByRole('list', { name: `Directory groups of ${group}` });
    await expect(list).toContainText('cn=release-managers,ou=groups');
    await expect(map.getByLabel(`Directory group for ${group}`)).toHaveValue('');
    await page.reload();
    await expect(list).toContainText('cn=release-managers,ou=groups');
    // Adding it twice is caught before anything is sent.
    await map.getByLabel(`Directory group for ${group}`).fill('cn=release-managers,ou=groups');
    await map.getByRole('button', { name: 'Add mapping' }).click();
    await expect(map.getByRole('alert')).toContainText('is mapped already');
    const seeded = groups.getByRole('article', { name: 'Group viewers' });
    await expect(seeded.getByRole('list', { name: 'Directory groups of viewers' })).toContainText('qa');
    await expectAccessible(page);
    await shot(page, 'admin');
  } finally {
    await adminJson('DELETE', `/api/v1/groups/${group}`);
  }
});

test('an admin reads the audit trail a page at a time, filtered by deployment', async ({ page }) => {
  await signIn(page, 'admin', '/admin');
  const audit = page.getByRole('region', { name: 'Audit trail' });
  await audit.getByLabel('Per page').selectOption('25');
  await audit.getByLabel('Deployment').selectOption({ label: 'shop/production' });
  const table = audit.getByRole('table', { name: 'Audit events' });
  // Every row is about that deployment, once the filtered page has replaced the unfiltered one.
  const deployments = table.locator('tbody tr td:nth-child(5)');
  await expect.poll(async () => new Set(await deployments.allTextContents()).size).toBe(1);
  await expect(table).toContainText('setting.put');
  // The events of a secret setting (the stack's API_KEY) show its value as null, opened or not.
  for (const row of await table.getByRole('row').filter({ hasText: 'setting.put' }).all()) {
    await row.getByText('Details', { exact: true }).click();
  }
  await expect(table.locator('pre').filter({ hasText: '"name": "API_KEY"' }).first()).toBeVisible();
  await expectNoSecret(page);
  await expectAccessible(page);
  await audit.getByLabel('Deployment').selectOption({ label: 'All' });
  // This test's own sign-in is the newest event of all.
  await expect(table.locator('tbody tr').first()).toContainText('session.create');
  const pages = audit.getByRole('navigation', { name: 'Audit pages' });
  await expect(pages.getByRole('button', { name: 'Newer' })).toBeDisabled();
  const first = await table.locator('tbody tr').first().textContent();
  await pages.getByRole('button', { name: 'Older' }).click();
  await expect(pages).toContainText('Page 2');
  await expect(table.locator('tbody tr').first()).not.toHaveText(first ?? '');
  await pages.getByRole('button', { name: 'Newer' }).click();
  await expect(pages).toContainText('Page 1');
  await expect(table.locator('tbody tr').first()).toHaveText(first ?? '');
});

test('an admin creates a category and an application, renames and deletes them', async ({ page }) => {
  const category = unique('e2e-cat');
  await signIn(page, 'admin', '/admin');
  const catalog = page.getByRole('region', { name: 'Categories and applications' });
  const add = catalog.getByRole('form', { name: 'New category' });
  await add.getByLabel('Category name').fill(category);
  await add.getByRole('button', { name: 'Add category' }).click();
  const item = catalog.getByRole('listitem', { name: `Category ${category}` });
  const addApp = item.getByRole('form', { name: `New application in ${category}` });
  await addApp.getByLabel('Application name').fill('app-one');
  await addApp.getByRole('button', { name: 'Add application' }).click();
  await expect(item).toContainText('app-one');
  await item.getByRole('button', { name: 'Rename application app-one' }).click();
  const rename = item.getByRole('form', { name: 'Rename application app-one' });
  await rename.getByLabel('New name').fill('app-two');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(item.getByRole('button', { name: 'Delete application app-two' })).toBeVisible();
  // A category that still has applications cannot go; the API says why.
  page.once('dialog', (d) => void d.accept());
  await item.getByRole('button', { name: `Delete category ${category}` }).click();
  await expect(item.getByRole('alert')).not.toBeEmpty();
  page.once('dialog', (d) => void d.accept());
  await item.getByRole('button', { name: 'Delete application app-two' }).click();
  await expect(item.getByRole('button', { name: 'Delete application app-two' })).toHaveCount(0);
  page.once('dialog', (d) => void d.accept());
  await item.getByRole('button', { name: `Delete category ${category}` }).click();
  await expect(item).toHaveCount(0);
});

test('an admin makes a token for themself, sees it listed, and revokes it', async ({ page }) => {
  const s = stack();
  const name = unique('own-token');
  await signIn(page, 'admin', '/admin');
  const mine = page.getByRole('region', { name: 'Your tokens' });
  const form = mine.getByRole('form', { name: 'New token for yourself' });
  const issued = page.waitForResponse((r) => r.url().endsWith('/api/v1/tokens') && r.request().method() === 'POST' && r.status() === 201);
  await form.getByLabel('Token name').fill(name);
  await form.getByLabel('Expires in (days)').fill('7');
  await form.getByRole('button', { name: 'Create token' }).click();
  const token = (await (await issued).json()) as { id: number; token: string };
  try {
    const notice = mine.getByRole('region', { name: `New token ${name}` });
    await expect(notice.getByLabel(`Token ${name}`)).toHaveText(token.token);
    const row = mine.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('active');
    await expectAccessible(page);
    await notice.getByRole('button', { name: 'Done, hide it' }).click();
    await expect(notice).toHaveCount(0);
    expect(await page.content()).not.toContain(token.token);

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(row).toContainText('revoked');
    await expect(row.getByRole('button')).toHaveCount(0);
    const me = await fetch(`${s.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token.token}` } });
    expect(me.status).toBe(401);
  } finally {
    await adminJson('DELETE', `/api/v1/tokens/${token.id}`).catch(() => undefined);
  }
});

test('an admin creates a deployment, clones it with its settings, and deletes the copy', async ({ page }) => {
  const name = unique('e2e-new');
  const made: number[] = [];
  const idIn = (url: string) => Number(/\/deployments\/(\d+)\/edit$/.exec(url)?.[1]);
  try {
    const apps = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/applications');
    const shop = apps.find((a) => a.name === 'shop');
    await signIn(page, 'admin', '/admin');
    const form = page.getByRole('form', { name: 'New deployment' });
    await form.getByLabel('Deployment name').fill(name);
    await form.getByRole('button', { name: 'Create deployment' }).click();
    await expect(form.getByRole('alert')).toHaveText('Application: choose an application');
    await form.getByLabel('Application').selectOption(String(shop?.id));
    await form.getByLabel('Deployment description').fill('made on the Admin page');
    await form.getByRole('button', { name: 'Create deployment' }).click();
    await expect(page.getByRole('heading', { name: `Edit shop/${name}`, level: 1 })).toBeVisible();
    made.push(idIn(page.url()));
    await adminJson('PUT', `/api/v1/deployments/${made[0]}/settings/GREETING`, { value: 'hello' });

    const clone = page.getByRole('form', { name: 'Clone' });
    await clone.getByLabel('Name of the copy').fill(`${name}-copy`);
    await clone.getByRole('button', { name: 'Clone' }).click();
    await expect(page.getByRole('heading', { name: `Edit shop/${name}-copy`, level: 1 })).toBeVisible();
    made.push(idIn(page.url()));
    expect(made[1]).not.toBe(made[0]);
    await expect(page.getByRole('region', { name: 'Settings' }).getByRole('row', { name: /GREETING/ })).toContainText('hello');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Delete shop/${name}-copy` }).click();
    await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: `shop/${name}`, exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: `shop/${name}-copy`, exact: true })).toHaveCount(0);
  } finally {
    for (const id of made) await adminJson('DELETE', `/api/v1/deployments/${id}`).catch(() => undefined);
  }
});

test("an admin lists a service account's tokens, revokes one, and finds that in the filtered audit trail", async ({ page }) => {
  const s = stack();
  const account = unique('ci');
  await adminJson('POST', '/api/v1/service-accounts', { name: account, groups: [] });
  const deploy = await adminJson<{ id: number; token: string }>('POST', `/api/v1/service-accounts/${account}/tokens`, { name: 'deploy' });
  const nightly = await adminJson<{ id: number; token: string }>('POST', `/api/v1/service-accounts/${account}/tokens`, {
    name: 'nightly',
    expires_in_days: 30,
  });
  const me = (token: string) => fetch(`${s.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect((await me(deploy.token)).status).toBe(200);
  // A minute ago, in the browser's local time as a datetime-local input holds it.
  const since = await page.evaluate(() => {
    const d = new Date(Date.now() - 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  try {
    await signIn(page, 'admin', '/admin');
    const card = page.getByRole('region', { name: 'Service accounts' }).getByRole('article', { name: `Service account ${account}` });
    const tokens = card.getByRole('table', { name: `Tokens of ${account}` });
    await expect(tokens.getByRole('row')).toHaveCount(3);
    await expect(tokens.getByRole('row', { name: /^deploy/ })).toContainText('active');
    await expect(tokens.getByRole('row', { name: /^nightly/ })).toContainText('never');
    expect(await page.content()).not.toContain(deploy.token);

    page.once('dialog', (d) => void (d.message().includes(`deploy of ${account}`) ? d.accept() : d.dismiss()));
    await tokens.getByRole('button', { name: `Revoke deploy of ${account}` }).click();
    await expect(tokens.getByRole('row', { name: /^deploy/ })).toContainText('revoked');
    await expect(tokens.getByRole('button', { name: `Revoke deploy of ${account}` })).toHaveCount(0);
    expect((await me(deploy.token)).status).toBe(401);
    expect((await me(nightly.token)).status).toBe(200);

    const audit = page.getByRole('region', { name: 'Audit trail' });
    const filters = audit.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Who').fill(s.users.admin.username);
    await filters.getByLabel('Action').fill('token.revoke');
    await filters.getByLabel('Since').fill(since);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    const table = audit.getByRole('table', { name: 'Audit events' });
    // The newest is this revoke; every row is a revoke by this admin, once the filtered page is in.
    await expect(table.locator('tbody tr').first()).toContainText(`token #${deploy.id}`);
    await expect.poll(async () => [...new Set(await table.locator('tbody tr td:nth-child(2)').allTextContents())]).toEqual([s.users.admin.username]);
    await expect.poll(async () => [...new Set(await table.locator('tbody tr td:nth-child(3)').allTextContents())]).toEqual(['token.revoke']);
    await shot(page, 'admin-audit-filtered');
    // A filter that breaks the spec's rule is shown at its field; the table keeps what it had.
    await filters.getByLabel('Action').fill('Token Revoke');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(filters.getByRole('alert')).toContainText('Action: must be an action such as setting.put');
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect(filters.getByLabel('Who')).toHaveValue('');
    await expect(table).toContainText('session.create');
  } finally {
    await adminJson('DELETE', `/api/v1/tokens/${nightly.id}`);
  }
});
