// Freeze windows through the pages: an editor freezes their deployment, its page says so, the push form shows
// the refusal, and the emergency bypass (with its required reason) pushes anyway, shown on the push page.
import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, shot, signIn } from './fixtures';

/** A `datetime-local` value in this machine's (and so the browser's) time zone. */
function local(t: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}`;
}

test('an editor freezes a deployment; its page and push form say so; an emergency bypass pushes anyway', async ({ page }) => {
  const name = unique('e2e-freeze');
  const id = await ownDeployment(name);
  const reason = `release ${name}`;
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'hello', language: 'bash', code: 'echo "ran while frozen"' });
    await signIn(page, 'edit', `/deployments/${id}`);
    await expect(page.getByRole('status', { name: 'Freeze in effect' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Freeze windows of this deployment' }).click();
    await expect(page).toHaveURL(new RegExp(`/freezes\\?deployment=${id}$`));

    const form = page.getByRole('form', { name: 'New freeze window' });
    await expect(form.getByLabel('Covers')).toHaveValue('deployment');
    await expect(form.getByLabel('Which deployment')).toHaveValue(String(id));
    await form.getByRole('button', { name: 'Create freeze window' }).click();
    await expect(form.getByText('Reason: must not be empty')).toBeVisible();
    await form.getByLabel('Reason').fill(reason);
    const now = Date.now();
    await form.getByLabel('Starts').fill(local(new Date(now - 5 * 60_000)));
    await form.getByLabel('Ends').fill(local(new Date(now - 10 * 60_000)));
    await form.getByRole('button', { name: 'Create freeze window' }).click();
    await expect(form.getByText('Ends: must be after the start')).toBeVisible();
    await form.getByLabel('Ends').fill(local(new Date(now + 3 * 3600_000)));
    await form.getByRole('button', { name: 'Create freeze window' }).click();
    const row = page.getByRole('row', { name: `Freeze ${reason}` });
    await expect(row).toContainText(`deployment shop/${name}`);
    await expect(row).toContainText('frozen until');
    await expectAccessible(page);
    await shot(page, 'freezes');

    await page.goto(page.url().replace(/\/freezes.*$/, `/deployments/${id}`));
    const banner = page.getByRole('status', { name: 'Freeze in effect' });
    await expect(banner).toContainText('Frozen until');
    await expect(banner).toContainText(reason);
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const push = page.getByRole('form', { name: 'Push' });
    await push.getByRole('button', { name: 'Start push' }).click();
    const refusal = push.getByRole('alert');
    await expect(refusal).toContainText('Frozen: the deployment is frozen until');
    await expect(refusal).toContainText(reason);
    await expect(refusal).toContainText('tick Emergency bypass');
    await expectAccessible(page);
    await shot(page, 'push-form-frozen');

    await push.getByRole('checkbox', { name: 'Emergency bypass' }).check();
    await push.getByRole('button', { name: 'Start push' }).click();
    await expect(push.getByRole('alert').filter({ hasText: 'Bypass reason' })).toHaveText(
      'Bypass reason: required: say why this cannot wait',
    );
    await push.getByLabel('Bypass reason').fill('payment outage hotfix');
    await push.getByRole('button', { name: 'Start push' }).click();
    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    const note = page.getByRole('note', { name: 'Emergency bypass' });
    await expect(note).toContainText('payment outage hotfix');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Log' })).toContainText('ran while frozen');
    await expectAccessible(page);
    await shot(page, 'push-bypassed');

    // The editor removes the window; the deployment page no longer says frozen.
    await page.getByRole('link', { name: 'Freezes', exact: true }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('row', { name: `Freeze ${reason}` }).getByRole('button', { name: `Delete freeze ${reason}` }).click();
    await expect(page.getByRole('row', { name: `Freeze ${reason}` })).toHaveCount(0);
  } finally {
    await removeDeployment(id);
  }
});

test('a pusher sees the freeze and the refusal, but no bypass', async ({ page }) => {
  const name = unique('e2e-frozen');
  const id = await ownDeployment(name);
  const reason = `audit ${name}`;
  const now = Date.now();
  const freeze = await adminJson<{ id: number }>('POST', '/api/v1/freezes', {
    reason,
    deployment_id: id,
    starts_at: new Date(now - 60_000).toISOString(),
    ends_at: new Date(now + 3600_000).toISOString(),
  });
  try {
    // The dashboard marks the deployment frozen, by icon and words, with the window's end and reason.
    await signIn(page, 'push');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `shop/${name}`, exact: true }) });
    await expect(row).toContainText(`❄ frozen until`);
    await expect(row).toContainText(reason);
    const others = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'batch/nightly' }) });
    await expect(others).not.toContainText('frozen until');
    await row.getByRole('link', { name: `shop/${name}`, exact: true }).click();
    await expect(page.getByRole('status', { name: 'Freeze in effect' })).toContainText(reason);
    await expect(page.getByRole('link', { name: 'Freeze windows of this deployment' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const push = page.getByRole('form', { name: 'Push' });
    await expect(push.getByRole('checkbox', { name: 'Emergency bypass' })).toHaveCount(0);
    await push.getByRole('button', { name: 'Start push' }).click();
    await expect(push.getByRole('alert')).toContainText('Frozen: the deployment is frozen until');
    await expect(push.getByRole('alert')).not.toContainText('tick Emergency bypass');
    // The freezes page lists it, without a delete button for a pusher.
    await page.getByRole('link', { name: 'Freezes', exact: true }).click();
    await expect(page.getByRole('row', { name: `Freeze ${reason}` })).toBeVisible();
    await expect(page.getByRole('button', { name: `Delete freeze ${reason}` })).toHaveCount(0);
    await expect(page.getByRole('form', { name: 'New freeze window' })).toHaveCount(0);
  } finally {
    await adminJson('DELETE', `/api/v1/freezes/${freeze.id}`);
    await removeDeployment(id);
  }
});

test('an admin makes a recurring freeze; the deployment page notes the next window', async ({ page }) => {
  const name = unique('e2e-recurring');
  const id = await ownDeployment(name);
  const reason = `new year ${name}`;
  try {
    await signIn(page, 'admin', '/freezes');
    const form = page.getByRole('form', { name: 'New freeze window' });
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('radio', { name: 'Recurring' }).check();
    // New Year's Day at 03:00 UTC, for 90 minutes: not now (the tests change no clock), always within a year.
    await form.getByLabel('Cron pattern').fill('0 3 1 *');
    await form.getByLabel('Lasting (minutes)').fill('90');
    await form.getByLabel('Time zone').fill('UTC');
    await form.getByLabel('Covers').selectOption('deployment');
    await form.getByRole('button', { name: 'Create freeze window' }).click();
    await expect(form.getByText('Cron pattern: must have 5 fields')).toBeVisible();
    await expect(form.getByText('Covers: choose the deployment')).toBeVisible();
    await form.getByLabel('Cron pattern').fill('0 3 1 1 *');
    await form.getByLabel('Which deployment').selectOption({ label: `shop/${name}` });
    await form.getByRole('button', { name: 'Create freeze window' }).click();
    const row = page.getByRole('row', { name: `Freeze ${reason}` });
    await expect(row).toContainText('every 0 3 1 1 * (UTC) for 1 hour 30 minutes');
    await expect(row).toContainText('not in effect');
    await expect(row.getByRole('cell').nth(4).locator('time')).toHaveAttribute('datetime', /-01-01T03:00:00/);
    await expectAccessible(page);

    await page.goto(page.url().replace(/\/freezes.*$/, `/deployments/${id}`));
    await expect(page.getByText('Next freeze:')).toContainText(reason);
    await expect(page.getByRole('status', { name: 'Freeze in effect' })).toHaveCount(0);
  } finally {
    const freezes = await adminJson<{ id: number; reason: string }[]>('GET', '/api/v1/freezes');
    for (const f of freezes.filter((f) => f.reason === reason)) await adminJson('DELETE', `/api/v1/freezes/${f.id}`);
    await removeDeployment(id);
  }
});
