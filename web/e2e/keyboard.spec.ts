import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { signIn, stack, tabTo } from './fixtures';

test('sign in, find a deployment, push and follow it with the keyboard alone', async ({ page }) => {
  const s = stack();
  await page.goto(s.url);
  await expect(page.getByLabel('Username')).toBeFocused();
  await page.keyboard.type(s.users.push.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(s.users.push.password);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Signed in as ${s.users.push.username}`)).toBeVisible();

  await tabTo(page, page.getByLabel('Filter'));
  await page.keyboard.type('shop');
  await tabTo(page, page.getByRole('link', { name: 'shop/production' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'shop/production', level: 1 })).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Push', exact: true }));
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Push' });
  await tabTo(page, form.getByLabel('Branch'));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('keyboard-branch');
  await tabTo(page, form.getByRole('checkbox', { name: 'Dry run' }));
  await page.keyboard.press('Space');
  await expect(form.getByRole('checkbox', { name: 'Dry run' })).toBeChecked();
  await tabTo(page, form.getByRole('button', { name: 'Start push' }));
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/pushes\/\d+$/);
  const log = page.getByRole('region', { name: 'Log' });
  await expect(log).toContainText('building keyboard-branch (dry run: true)');
  await tabTo(page, page.getByLabel('Follow the end of the log'));
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Follow the end of the log')).not.toBeChecked();
  await tabTo(page, log);
  await page.keyboard.press('End');
  await expect(page.getByLabel('Follow the end of the log')).toBeChecked();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
});

test('roll back to a tag, cancel the rollback and sign out with the keyboard alone', async ({ page }) => {
  const id = await ownDeployment(unique('e2e-keys-rollback'));
  try {
    // A first push tags v1; a rollback to it prints the tag, then waits long enough to be cancelled.
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, {
      name: 'release',
      language: 'bash',
      code: 'if [ -n "$ROLF_ROLLBACK_TAG" ]; then echo "rolling back to $ROLF_ROLLBACK_TAG"; sleep 60; else echo tag=v1 >> "$ROLF_OUTPUT"; fi',
    });
    const first = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'tags v1' });
    await expect
      .poll(async () => (await adminJson<{ status: string }>('GET', `/api/v1/pushes/${first.id}`)).status, { timeout: 30_000 })
      .toBe('succeeded');

    await signIn(page, 'push', `/deployments/${id}`);
    await tabTo(page, page.getByRole('button', { name: 'Roll back to v1', exact: true }));
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Roll back' });
    await tabTo(page, form.getByRole('button', { name: 'Start rollback' }));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    await expect(page.getByRole('region', { name: 'Log' })).toContainText('rolling back to v1');

    await tabTo(page, page.getByRole('button', { name: 'Cancel push' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('cancelled', { timeout: 30_000 });

    await tabTo(page, page.getByRole('button', { name: 'Sign out' }), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/sign-in$/);
  } finally {
    await removeDeployment(id);
  }
});

test('an admin adds a category and an application, then deletes both, with the keyboard alone', async ({ page }) => {
  const category = unique('e2e-keys-cat');
  try {
    await signIn(page, 'admin');
    await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();
    const catalog = page.getByRole('region', { name: 'Categories and applications' });
    await tabTo(page, catalog.getByLabel('Category name'));
    await page.keyboard.type(category);
    await page.keyboard.press('Enter');
    // The new category is listed above the form: back up to its own application form.
    const item = catalog.getByRole('listitem', { name: `Category ${category}` });
    await tabTo(page, item.getByLabel('Application name'), { backwards: true });
    await page.keyboard.type('keyed-app');
    await page.keyboard.press('Enter');
    await expect(item).toContainText('keyed-app');
    await expect(item.getByLabel('Application name')).toHaveValue('');

    page.once('dialog', (d) => void d.accept());
    await tabTo(page, item.getByRole('button', { name: 'Delete application keyed-app' }), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(item.getByRole('button', { name: 'Delete application keyed-app' })).toHaveCount(0);
    page.once('dialog', (d) => void d.accept());
    await tabTo(page, item.getByRole('button', { name: `Delete category ${category}` }), { max: 150 });
    await page.keyboard.press('Enter');
    await expect(item).toHaveCount(0);
  } finally {
    // Whatever a failure left behind.
    const categories = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/categories');
    for (const c of categories.filter((c) => c.name === category)) {
      const apps = await adminJson<{ id: number }[]>('GET', `/api/v1/applications?category_id=${c.id}`);
      for (const a of apps) await adminJson('DELETE', `/api/v1/applications/${a.id}`);
      await adminJson('DELETE', `/api/v1/categories/${c.id}`);
    }
  }
});

test('an admin writes a recipe in the cookbook with the keyboard alone', async ({ page }) => {
  const recipe = unique('e2e-keys-recipe');
  try {
    await signIn(page, 'admin');
    await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cookbook' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'New recipe' }));
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'New recipe' });
    await tabTo(page, form.getByLabel('Recipe name'));
    await page.keyboard.type(recipe);
    const code = form.getByRole('textbox', { name: 'Code of the new recipe' });
    await tabTo(page, code);
    await page.keyboard.type('echo "typed by keyboard"');
    await tabTo(page, form.getByRole('button', { name: 'Create recipe' }));
    await page.keyboard.press('Enter');
    const item = page.getByRole('article', { name: new RegExp(`^${recipe}`) });
    await expect(item).toContainText('echo "typed by keyboard"');
    await expect(form).toHaveCount(0);
  } finally {
    const recipes = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/recipes');
    for (const r of recipes.filter((r) => r.name === recipe)) await adminJson('DELETE', `/api/v1/recipes/${r.id}`);
  }
});
