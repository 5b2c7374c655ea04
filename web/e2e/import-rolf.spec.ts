import { expect, test } from '@playwright/test';
import { adminJson, unique } from './api';
import { expectAccessible, shot, signIn } from './fixtures';

/** What the original Rolf's files name, unique per run (tests share one stack). */
function names() {
  return {
    shell: unique('rolf-hello'),
    python: unique('rolf-list'),
    category: unique('rolf-cat'),
    application: unique('rolf-app'),
    group: unique('rolf-group'),
  };
}

type Names = ReturnType<typeof names>;

/** The original's `dump_cookbook` output: name, language, code, description; no header; CSV quoting. */
const cookbookCsv = (n: Names) =>
  `${n.shell},shell,echo hello from the original,Says hello\n` +
  `${n.python},python,"ret, out, err = self.execute([""ls"", ""-l""])",Lists the checkout\n`;

/** The original's `manage.py dumpdata rolf_main auth.group`: a category > application > deployment with a setting,
 *  a boolean flag, a permission, a stage linking a cookbook recipe and a stage with its own (inline) python code;
 *  and a push, history that is not imported. */
const dumpJson = (n: Names) =>
  JSON.stringify([
    { model: 'auth.group', pk: 901, fields: { name: n.group, permissions: [] } },
    { model: 'rolf_main.category', pk: 901, fields: { name: n.category } },
    { model: 'rolf_main.application', pk: 901, fields: { name: n.application, category: 901, _order: 0 } },
    { model: 'rolf_main.deployment', pk: 901, fields: { name: 'prod', application: 901, deprecated: false, _order: 0 } },
    { model: 'rolf_main.setting', pk: 901, fields: { deployment: 901, name: 'REMOTE_HOST', value: 'example.org', _order: 0 } },
    {
      model: 'rolf_main.recipe',
      pk: 901,
      fields: { name: n.shell, code: 'echo hello from the original', language: 'shell', description: 'Says hello' },
    },
    { model: 'rolf_main.recipe', pk: 902, fields: { name: '', code: 'self.execute(["true"])', language: 'python', description: '' } },
    { model: 'rolf_main.stage', pk: 901, fields: { name: 'hello', deployment: 901, recipe: 901, _order: 0 } },
    { model: 'rolf_main.stage', pk: 902, fields: { name: 'check', deployment: 901, recipe: 902, _order: 1 } },
    {
      model: 'rolf_main.flag',
      pk: 901,
      fields: { deployment: 901, name: 'Migrate', varname: 'MIGRATE', default: '', boolean: true, description: 'run migrations' },
    },
    { model: 'rolf_main.permission', pk: 901, fields: { deployment: 901, group: 901, capability: 'push' } },
    {
      model: 'rolf_main.push',
      pk: 901,
      fields: { user: 1, deployment: 901, comment: 'the last push', status: 'ok', rollback_url: '' },
    },
  ]);

const csvFile = (text: string) => ({ name: 'cookbook.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
const jsonFile = (text: string) => ({ name: 'dump.json', mimeType: 'application/json', buffer: Buffer.from(text) });

/** Removes whatever the import made (by name), deployments first: they hold the stages and permissions. */
async function cleanUp(n: Names): Promise<void> {
  const deployments = await adminJson<{ id: number; application: string }[]>('GET', '/api/v1/deployments');
  for (const d of deployments.filter((d) => d.application === n.application)) await adminJson('DELETE', `/api/v1/deployments/${d.id}`);
  const applications = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/applications');
  for (const a of applications.filter((a) => a.name === n.application)) await adminJson('DELETE', `/api/v1/applications/${a.id}`);
  const categories = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/categories');
  for (const c of categories.filter((c) => c.name === n.category)) await adminJson('DELETE', `/api/v1/categories/${c.id}`);
  const recipes = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/recipes');
  for (const r of recipes.filter((r) => r.name === n.shell || r.name === n.python)) await adminJson('DELETE', `/api/v1/recipes/${r.id}`);
  const groups = await adminJson<{ name: string }[]>('GET', '/api/v1/groups');
  if (groups.some((g) => g.name === n.group)) await adminJson('DELETE', `/api/v1/groups/${n.group}`);
}

test('an admin imports the original Rolf: a dry run first, which changes nothing, then for real', async ({ page }) => {
  const n = names();
  try {
    await signIn(page, 'admin', '/admin');
    const section = page.getByRole('region', { name: 'Import from the original Rolf' });
    await section.getByLabel('Cookbook CSV').setInputFiles(csvFile(cookbookCsv(n)));
    await section.getByLabel('Dump JSON').setInputFiles(jsonFile(dumpJson(n)));

    await section.getByRole('button', { name: 'Dry run' }).click();
    await expect(section.getByRole('status')).toContainText('Dry run: nothing was changed. Importing would create');
    const flagged = section.getByRole('list', { name: 'Recipes that need conversion' });
    await expect(flagged).toContainText(n.python);
    await expect(section.getByRole('list', { name: 'Imported recipes' })).toContainText(`${n.python}: + would be created`);
    await expect(section.getByRole('list', { name: 'Imported deployments' })).toContainText(
      `${n.application}/prod (in ${n.category}): + would be created`,
    );
    await expect(section.getByRole('list', { name: 'Imported groups' })).toContainText(`${n.group}: + would be created`);
    await expect(section.getByRole('list', { name: 'Not imported' })).toHaveText('rolf_main.push: 1 object (push history is not imported)');
    await expectAccessible(page);
    await shot(page, 'import-rolf-dry-run');
    // Nothing was made.
    const before = await adminJson<{ application: string }[]>('GET', '/api/v1/deployments');
    expect(before.filter((d) => d.application === n.application)).toEqual([]);

    await section.getByRole('button', { name: 'Import' }).click();
    await expect(section.getByRole('status')).toContainText('Imported: created');
    await expect(flagged).toContainText(n.python);
    const made = section.getByRole('list', { name: 'Imported deployments' });
    await expect(made).toContainText(`${n.application}/prod (in ${n.category}): + created`);
    await expectAccessible(page);
    await shot(page, 'import-rolf-imported');
    // The same files again change nothing.
    await section.getByRole('button', { name: 'Import' }).click();
    await expect(section.getByRole('status')).toHaveText('✓ Nothing changed: everything was already as imported.');
    await expect(made).toContainText(`${n.application}/prod (in ${n.category}): = unchanged`);

    // The catalog has it, on this page and on the dashboard.
    await expect(
      page.getByRole('region', { name: 'Categories and applications' }).getByRole('listitem', { name: `Category ${n.category}` }),
    ).toContainText(n.application);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const category = page.getByRole('region', { name: n.category });
    await expect(category.getByRole('link', { name: `${n.application}/prod` })).toBeVisible();
    await category.getByRole('link', { name: `${n.application}/prod` }).click();
    await expect(page.getByRole('heading', { name: `${n.application}/prod`, level: 1 })).toBeVisible();
    // Its boolean flag passes 1 or an empty value, as the original did; its form says so.
    await expect(page.getByRole('region', { name: 'Flags' }).getByRole('row', { name: /Migrate/ })).toContainText(
      'recipes see 1 or empty, as the original Rolf',
    );
    await expect(page.getByRole('region', { name: 'Stages' })).toContainText('Needs conversion');
    // A push is refused until that stage's code is converted, and the page says why.
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const push = page.getByRole('form', { name: 'Push' });
    await push.getByRole('button', { name: 'Start push' }).click();
    await expect(push.getByRole('alert')).toContainText("stage 'check' runs inline code imported from the original Rolf");
    await push.getByRole('button', { name: 'Cancel' }).click();
    await page.goto(`${page.url()}/edit`);
    const flags = page.getByRole('region', { name: 'Flags' });
    await flags.getByRole('button', { name: 'Edit flag Migrate' }).click();
    await expect(flags.getByRole('form', { name: 'Edit flag Migrate' }).getByLabel('Recipes see')).toHaveValue('one_empty');
    await flags.getByRole('form', { name: 'Edit flag Migrate' }).getByRole('button', { name: 'Cancel' }).click();

    // The cookbook marks the recipe that needs conversion, in words.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cookbook' }).click();
    await expect(page.getByRole('article', { name: new RegExp(`^${n.python}`) })).toContainText('Needs conversion');
    await expect(page.getByRole('article', { name: new RegExp(`^${n.shell}`) })).not.toContainText('Needs conversion');
    await expectAccessible(page);
    await shot(page, 'import-rolf-cookbook');
  } finally {
    await cleanUp(n);
  }
});

test('a cookbook CSV with a bad row imports nothing, and the error names the row', async ({ page }) => {
  const n = names();
  try {
    await signIn(page, 'admin', '/admin');
    const section = page.getByRole('region', { name: 'Import from the original Rolf' });
    await section.getByLabel('Cookbook CSV').setInputFiles(csvFile(`${n.shell},shell,echo fine,Fine\n${n.python},python,print(1)\n`));
    await section.getByRole('button', { name: 'Import' }).click();
    const alert = section.getByRole('alert');
    await expect(alert).toContainText('Cookbook CSV');
    await expect(alert).toContainText('row 2');
    await expect(section.getByLabel('Cookbook CSV')).toHaveAttribute('aria-invalid', 'true');
    await expect(section.getByRole('status')).toHaveText('');
    await expectAccessible(page);
    const recipes = await adminJson<{ name: string }[]>('GET', '/api/v1/recipes');
    expect(recipes.filter((r) => r.name === n.shell)).toEqual([]);
  } finally {
    await cleanUp(n);
  }
});
