// Typed flags, resuming a push and step mode, through the pages a user clicks.
import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, shot, signIn, stack } from './fixtures';

test('an editor adds a choice flag and a text flag with a pattern; the push form checks them before sending', async ({ page }) => {
  const name = unique('e2e-flags');
  const id = await ownDeployment(name);
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, {
      name: 'show',
      language: 'bash',
      code: 'echo "region=$REGION version=$VERSION"',
    });
    await signIn(page, 'edit', `/deployments/${id}/edit`);
    const flags = page.getByRole('region', { name: 'Flags' });
    const add = flags.getByRole('form', { name: 'Add a flag' });
    await add.getByLabel('Flag name').fill('Region');
    await add.getByLabel('Variable').fill('REGION');
    await add.getByLabel('Kind').selectOption('choice');
    await add.getByLabel('Choices').fill('eu-west\nus-east');
    await expect(add.getByLabel('Default')).toHaveValue('eu-west');
    await add.getByRole('button', { name: 'Add flag' }).click();
    const regionRow = flags.getByRole('row', { name: /Region/ });
    await expect(regionRow).toContainText('choice');
    await expect(regionRow).toContainText('one of: eu-west, us-east');

    // A pattern JavaScript cannot compile is the API's to refuse; its 422 is shown at the field.
    await add.getByLabel('Flag name').fill('Version');
    await add.getByLabel('Variable').fill('VERSION');
    await add.getByLabel('Pattern').fill('(');
    await add.getByRole('checkbox', { name: 'Required' }).check();
    await expect(add.getByLabel('Default')).toHaveCount(0);
    await add.getByRole('button', { name: 'Add flag' }).click();
    await expect(add.getByRole('alert')).toContainText('Pattern: not a valid regular expression');
    await expect(add.getByLabel('Pattern')).toHaveAttribute('aria-invalid', 'true');
    await add.getByLabel('Pattern').fill('[0-9]+\\.[0-9]+');
    await add.getByRole('button', { name: 'Add flag' }).click();
    await expect(flags.getByRole('row', { name: /Version/ })).toContainText('matches [0-9]+\\.[0-9]+; required');
    await expect(add.getByLabel('Flag name')).toHaveValue('');
    await expectAccessible(page);
    await shot(page, 'edit-flags');

    await page.getByRole('link', { name: `shop/${name}` }).click();
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const form = page.getByRole('form', { name: 'Push' });
    let sent = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/deployments/${id}/pushes`)) sent++;
    });
    const region = form.getByRole('combobox', { name: 'Region' });
    await expect(region).toHaveValue('eu-west');
    await region.selectOption('us-east');
    const version = form.getByRole('textbox', { name: 'Version (required)' });
    await expect(version).toHaveValue('');
    await form.getByRole('button', { name: 'Start push' }).click();
    await expect(form.getByRole('alert')).toHaveText('Version: required: give a value');
    await version.fill('v1.4');
    await form.getByRole('button', { name: 'Start push' }).click();
    await expect(form.getByRole('alert')).toHaveText("Version: must match the flag's pattern [0-9]+\\.[0-9]+");
    await expect(version).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page);
    expect(sent).toBe(0);
    await version.fill('1.4');
    await shot(page, 'push-form-typed-flags');
    await form.getByRole('button', { name: 'Start push' }).click();
    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Log' })).toContainText('region=us-east version=1.4');
    await expect(page.getByText('REGION=us-east', { exact: true })).toBeVisible();
    expect(sent).toBe(1);
  } finally {
    await removeDeployment(id);
  }
});

test('a failed push is resumed from its page: succeeded stages are skipped, one marked to run again runs', async ({ page }) => {
  const name = unique('e2e-resume');
  const id = await ownDeployment(name);
  // The flaky stage fails the first time (it leaves a marker behind) and succeeds the next (removing it).
  const marker = `/tmp/rolf-e2e-${name}`;
  try {
    for (const [stage, code] of [
      ['checkout', 'echo "checkout in push $ROLF_PUSH_ID"'],
      ['build', 'echo "built in push $ROLF_PUSH_ID"'],
      ['flaky', `if [ -e ${marker} ]; then rm ${marker}; echo "fixed now"; else touch ${marker}; echo "broken this time" >&2; exit 1; fi`],
      ['deploy', 'echo "deployed in push $ROLF_PUSH_ID"'],
    ]) {
      await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: stage, language: 'bash', code });
    }
    // The checkout is marked in the stage editor to run again on resume (a fresh work directory needs it).
    await signIn(page, 'edit', `/deployments/${id}/edit`);
    const stages = page.getByRole('region', { name: 'Stages' });
    await stages.getByRole('button', { name: 'Edit stage checkout' }).click();
    const edit = stages.getByRole('form', { name: 'Edit stage checkout' });
    await edit.getByRole('checkbox', { name: 'Run again on resume' }).check();
    await edit.getByRole('button', { name: 'Save stage' }).click();
    await expect(edit).toHaveCount(0);
    await expect(stages.getByRole('listitem').first()).toContainText('runs again on resume');

    const first = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'first try' });
    await page.goto(`${stack().url}/pushes/${first.id}`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toContainText('failed', { timeout: 30_000 });
    const timeline = page.getByRole('list', { name: 'Stages' });
    await expect(timeline).toContainText('flaky ✗ failed');
    await page.getByRole('button', { name: 'Resume push' }).click();

    await expect(page).not.toHaveURL(new RegExp(`/pushes/${first.id}$`));
    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    const resumed = Number(new URL(page.url()).pathname.split('/').pop());
    await expect(heading).toContainText(`Push #${resumed}`);
    await expect(heading).toContainText('succeeded', { timeout: 30_000 });
    await expect(page.getByRole('link', { name: `push #${first.id}`, exact: true }).first()).toBeVisible();
    await expect(page.getByText('Resumes', { exact: true })).toBeVisible();
    await expect(timeline).toContainText('checkout ✓ succeeded');
    await expect(timeline).toContainText(`build ↷ skipped: succeeded in push #${first.id}`);
    await expect(timeline).toContainText('flaky ✓ succeeded');
    await expect(timeline).toContainText('deploy ✓ succeeded');
    const log = page.getByRole('region', { name: 'Log' });
    await expect(log).toContainText(`checkout in push ${resumed}`);
    await expect(log).toContainText('fixed now');
    await expect(log).toContainText(`deployed in push ${resumed}`);
    await expect(log).not.toContainText('built in push');
    await expect(page.getByRole('button', { name: 'Resume push' })).toHaveCount(0);
    await expectAccessible(page);
    await shot(page, 'push-resumed');
    // The link on the skipped stage goes back to the push it succeeded in.
    await timeline.getByRole('link', { name: `push #${first.id}`, exact: true }).click();
    await expect(heading).toContainText(`Push #${first.id}`);
  } finally {
    await removeDeployment(id);
  }
});

test('a step-mode push waits before each later stage until Continue, pressed with the keyboard', async ({ page, browser }) => {
  const name = unique('e2e-step');
  const id = await ownDeployment(name);
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'first', language: 'bash', code: 'echo "first ran"' });
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'second', language: 'bash', code: 'echo "second ran"' });
    await signIn(page, 'push', `/deployments/${id}`);
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const form = page.getByRole('form', { name: 'Push' });
    await form.getByRole('checkbox', { name: 'Step mode' }).check();
    await form.getByRole('button', { name: 'Start push' }).click();
    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    const pushUrl = page.url();

    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toContainText('‖ paused', { timeout: 30_000 });
    const pausedNote = page.getByRole('status').filter({ hasText: 'Paused before stage second.' });
    await expect(pausedNote).toBeVisible();
    await expect(page.getByText('pauses before each stage after the first until continued')).toBeVisible();
    const log = page.getByRole('region', { name: 'Log' });
    await expect(log).toContainText('first ran');
    await expect(log).not.toContainText('second ran');
    const timeline = page.getByRole('list', { name: 'Stages' });
    await expect(timeline).toContainText('second ○ pending · next: waits for Continue');
    await expectAccessible(page);
    await shot(page, 'push-paused');

    // A view-level user sees the pause but has no Continue (nor Cancel).
    const viewer = await browser.newContext();
    try {
      const other = await viewer.newPage();
      await signIn(other, 'view', new URL(pushUrl).pathname);
      await expect(other.getByRole('heading', { level: 1 })).toContainText('paused');
      await expect(other.getByRole('status').filter({ hasText: 'Paused before stage second.' })).toBeVisible();
      await expect(other.getByRole('button', { name: 'Continue' })).toHaveCount(0);
      await expect(other.getByRole('button', { name: 'Cancel push' })).toHaveCount(0);
    } finally {
      await viewer.close();
    }

    // The dashboard says paused too, in words.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `shop/${name}` }) });
    await expect(row).toContainText('paused');
    await page.goto(pushUrl);

    const proceed = page.getByRole('button', { name: 'Continue' });
    await proceed.focus();
    await page.keyboard.press('Enter');
    await expect(heading).toContainText('succeeded', { timeout: 30_000 });
    await expect(log).toContainText('second ran');
    await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
    await expect(pausedNote).toHaveCount(0);
  } finally {
    await removeDeployment(id);
  }
});

test('the push form says what a push would change, and the push page what it changed', async ({ page }) => {
  const name = unique('e2e-diff');
  const id = await ownDeployment(name);
  try {
    const build = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/stages`, {
      name: 'build',
      language: 'bash',
      code: 'echo "same first line"\necho "version one"',
    });
    await adminJson('PUT', `/api/v1/deployments/${id}/settings/REGION`, { value: 'eu-west' });
    await adminJson('POST', `/api/v1/deployments/${id}/flags`, { name: 'Branch', varname: 'BRANCH', default: 'main' });
    const first = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'before' });
    await expect
      .poll(async () => (await adminJson<{ status: string }>('GET', `/api/v1/pushes/${first.id}`)).status, { timeout: 30_000 })
      .toBe('succeeded');
    await adminJson('PATCH', `/api/v1/stages/${build.id}`, { code: 'echo "same first line"\necho "version two"' });
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'smoke', language: 'bash', code: 'echo "smoke <test>"' });
    await adminJson('PUT', `/api/v1/deployments/${id}/settings/REGION`, { value: 'us-east' });

    await signIn(page, 'push', `/deployments/${id}`);
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const form = page.getByRole('form', { name: 'Push' });
    const preview = form.getByRole('region', { name: 'What this push would change' });
    await expect(preview).toContainText(`Against push #${first.id}, the last that succeeded`);
    // The flag values count as typed in the form, not as their defaults.
    await expect(preview.getByRole('table', { name: 'Flags changes' })).toHaveCount(0);
    await form.getByLabel('Branch').fill('feature-y');
    const branch = preview.getByRole('table', { name: 'Flags changes' }).getByRole('row', { name: /BRANCH/ });
    await expect(branch).toContainText('main');
    await expect(branch).toContainText('feature-y');
    const planned = preview.getByRole('list', { name: 'Stage changes' });
    await expect(planned).toContainText('build: code changed');
    await expect(planned).toContainText('smoke: added as stage 2 (bash)');
    const region = preview.getByRole('table', { name: 'Settings changes' }).getByRole('row', { name: /REGION/ });
    await expect(region).toContainText('eu-west');
    await expect(region).toContainText('us-east');
    // The code diff opens from the keyboard and is text: the +/- lines as the API sent them.
    await preview.getByText('Code diff of build').focus();
    await page.keyboard.press('Enter');
    const code = preview.getByLabel('Code diff of build');
    await expect(code).toContainText('-echo "version one"');
    await expect(code).toContainText('+echo "version two"');
    await expect(code).toContainText(' echo "same first line"');
    await expectAccessible(page);
    await shot(page, 'push-form-diff');
    await form.getByRole('button', { name: 'Start push' }).click();

    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
    const changed = page.getByRole('region', { name: `What changed since push #${first.id}` });
    const stages = changed.getByRole('list', { name: 'Stage changes' });
    await expect(stages).toContainText('build: code changed');
    await expect(stages).toContainText('smoke: added as stage 2 (bash)');
    await changed.getByText('Code diff of smoke').click();
    await expect(changed.getByLabel('Code diff of smoke')).toContainText('+echo "smoke <test>"');
    await expect(changed.getByRole('table', { name: 'Settings changes' })).toContainText('us-east');
    await expectAccessible(page);
    await shot(page, 'push-what-changed');
    await changed.getByRole('link', { name: `push #${first.id}`, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Push #${first.id}`);
    await expect(page.getByRole('region', { name: 'What changed' })).toContainText('No succeeded push came before this one');
  } finally {
    await removeDeployment(id);
  }
});
