import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, expectNoSecret, shot, signIn } from './fixtures';

test('the cookbook lists a recipe and the stages that link it', async ({ page }) => {
  const recipe = unique('notify');
  const deployment = unique('e2e-cookbook');
  const r = await adminJson<{ id: number }>('POST', '/api/v1/recipes', {
    name: recipe,
    language: 'bash',
    code: 'echo "telling the team"',
    description: 'Tells the team a push is done.',
  });
  const id = await ownDeployment(deployment);
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'announce', recipe_id: r.id });
    await signIn(page, 'edit');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cookbook' }).click();
    await expect(page.getByRole('heading', { name: 'Cookbook', level: 1 })).toBeVisible();
    const item = page.getByRole('article', { name: new RegExp(`^${recipe}`) });
    await expect(item).toContainText('Tells the team a push is done.');
    await expect(item.getByRole('list', { name: `Stages that link ${recipe}` })).toHaveText(`shop/${deployment}, stage announce`);
    // Only admins change the cookbook.
    await expect(page.getByRole('button', { name: 'New recipe' })).toHaveCount(0);
    await expect(item.getByRole('button', { name: /Edit recipe/ })).toHaveCount(0);
    await expectNoSecret(page);
    await expectAccessible(page);
    await shot(page, 'cookbook');
    await item.getByRole('link', { name: `shop/${deployment}` }).click();
    await expect(page.getByRole('heading', { name: `shop/${deployment}`, level: 1 })).toBeVisible();
  } finally {
    await removeDeployment(id);
    await adminJson('DELETE', `/api/v1/recipes/${r.id}`);
  }
});

test('an admin writes a recipe in the editor and links a stage to it', async ({ page }) => {
  const recipe = unique('greet');
  const deployment = unique('e2e-recipe');
  const id = await ownDeployment(deployment);
  let recipeId: number | null = null;
  try {
    await signIn(page, 'admin', '/cookbook');
    await page.getByRole('button', { name: 'New recipe' }).click();
    const form = page.getByRole('form', { name: 'New recipe' });
    await form.getByLabel('Recipe name').fill(recipe);
    await form.getByLabel('Language').selectOption('python');
    const created = page.waitForResponse((res) => res.url().endsWith('/api/v1/recipes') && res.status() === 201);
    // An empty recipe is refused before it is sent.
    await form.getByRole('button', { name: 'Create recipe' }).click();
    await expect(form.getByRole('alert')).toContainText('Code: must not be empty');
    await expectAccessible(page);
    await form.getByRole('textbox', { name: 'Code of the new recipe' }).fill('print("greetings from python")');
    await form.getByRole('button', { name: 'Create recipe' }).click();
    recipeId = ((await (await created).json()) as { id: number }).id;
    const item = page.getByRole('article', { name: new RegExp(`^${recipe}`) });
    await expect(item).toContainText('(python)');
    await expect(item).toContainText('No stage you may view links it.');
    await expectAccessible(page);

    await page.goto(page.url().replace('/cookbook', `/deployments/${id}/edit`));
    const add = page.getByRole('region', { name: 'Stages' }).getByRole('form', { name: 'Add a stage' });
    await add.getByLabel('Stage name').fill('greet');
    await add.getByRole('radio', { name: 'A cookbook recipe' }).check();
    await add.getByLabel('Recipe', { exact: true }).selectOption({ label: `${recipe} (python)` });
    await add.getByRole('button', { name: 'Add stage' }).click();
    await expect(page.getByRole('region', { name: 'Stages' })).toContainText(`cookbook recipe ${recipe}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cookbook' }).click();
    await expect(item.getByRole('list', { name: `Stages that link ${recipe}` })).toContainText(`shop/${deployment}, stage greet`);
  } finally {
    await removeDeployment(id);
    if (recipeId !== null) await adminJson('DELETE', `/api/v1/recipes/${recipeId}`);
  }
});

test('an admin changes a recipe, and a stage that links it runs the new code at its next push', async ({ page }) => {
  const recipe = unique('edit-me');
  const deployment = unique('e2e-recipe-edit');
  const r = await adminJson<{ id: number }>('POST', '/api/v1/recipes', { name: recipe, language: 'bash', code: 'echo "old recipe"' });
  const id = await ownDeployment(deployment);
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'linked', recipe_id: r.id });
    await signIn(page, 'admin', '/cookbook');
    const item = page.getByRole('article', { name: new RegExp(`^${recipe}`) });
    await item.getByRole('button', { name: `Edit recipe ${recipe}` }).click();
    const form = item.getByRole('form', { name: `Edit recipe ${recipe}` });
    await form.getByLabel('Recipe description').fill('Now says something new.');
    await form.getByRole('textbox', { name: `Code of recipe ${recipe}` }).fill('echo "new recipe"');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Save recipe' }).click();
    await expect(form).toHaveCount(0);
    await expect(item).toContainText('Now says something new.');
    await expect(item).toContainText('echo "new recipe"');

    const push = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, {});
    await page.goto(page.url().replace('/cookbook', `/pushes/${push.id}`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Log' })).toContainText('new recipe');
    await expect(page.getByRole('region', { name: 'Log' })).not.toContainText('old recipe');
  } finally {
    await removeDeployment(id);
    await adminJson('DELETE', `/api/v1/recipes/${r.id}`);
  }
});

test('an admin imports a cookbook file and reads what it did, and where a bad one is wrong', async ({ page }) => {
  const name = unique('imported');
  const file = (code: string) => ({
    name: 'cookbook.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ rolf_cookbook: 1, recipes: [{ name, language: 'bash', code }] })),
  });
  try {
    await signIn(page, 'admin', '/cookbook');
    await page.getByRole('button', { name: 'Import a cookbook file' }).click();
    const panel = page.getByRole('region', { name: 'Import a cookbook file' });
    await panel.getByLabel('Cookbook file').setInputFiles(file(''));
    await expect(panel.getByRole('alert')).toHaveText(`recipes[0].code: recipe '${name}': must not be empty`);
    await panel.getByLabel('Cookbook file').setInputFiles(file('echo imported'));
    await expect(panel.getByRole('status', { name: 'Import report' })).toContainText('1 created, 0 updated, 0 unchanged.');
    await expect(panel.getByRole('list', { name: 'Imported recipes' })).toHaveText(`${name}: created`);
    await expect(page.getByRole('article', { name: new RegExp(`^${name}`) })).toBeVisible();
    await panel.getByLabel('Cookbook file').setInputFiles(file('echo imported'));
    await expect(panel.getByRole('list', { name: 'Imported recipes' })).toHaveText(`${name}: unchanged`);
  } finally {
    const recipes = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/recipes');
    const made = recipes.find((r) => r.name === name);
    if (made) await adminJson('DELETE', `/api/v1/recipes/${made.id}`);
  }
});
