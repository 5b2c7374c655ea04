// Scheduled pushes through the deployment page: an editor adds a one-off schedule a few seconds ahead with a flag
// value, sees its tick become "pushed" with a link to the push (which says which schedule made it), adds a
// recurring one said in words, edits it, and deletes both; a pusher sees the schedules but cannot change them.
import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, shot, signIn, stack } from './fixtures';

/** A `datetime-local` value with seconds in this machine's (and so the browser's) time zone. */
function local(t: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
}

async function withFlaggedDeployment(name: string): Promise<number> {
  const id = await ownDeployment(name);
  await adminJson('POST', `/api/v1/deployments/${id}/flags`, {
    varname: 'COLOR',
    name: 'Color',
    kind: 'choice',
    choices: ['red', 'blue'],
    default: 'red',
  });
  await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'hello', language: 'bash', code: 'echo "scheduled color is $COLOR"' });
  return id;
}

test('an editor schedules a push a few seconds ahead, follows its tick to the push, edits and deletes schedules', async ({ page }) => {
  const id = await withFlaggedDeployment(unique('e2e-sched'));
  try {
    await signIn(page, 'edit', `/deployments/${id}`);
    const section = page.getByRole('region', { name: 'Schedules' });
    await expect(section).toContainText('No schedules.');
    await section.getByRole('button', { name: 'New schedule' }).click();
    const form = section.getByRole('form', { name: 'New schedule' });

    // The form's own checks, at their fields.
    await form.getByLabel('Time zone').fill('Europe Berlin');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    await expect(form.getByText('Cron pattern: must have 5 fields: minute hour day month weekday')).toBeVisible();
    await expect(form.getByText('Time zone: must be a time zone name such as Europe/Berlin or UTC')).toBeVisible();
    await expectAccessible(page);

    // A one-off push a few seconds ahead, with a flag value.
    await form.getByLabel('Once').check();
    await form.getByLabel('Color').selectOption('blue');
    await form.getByLabel('Comment').fill('scheduled from the page');
    await form.getByLabel('At', { exact: true }).fill(local(new Date(Date.now() + 8_000)));
    await form.getByRole('button', { name: 'Create schedule' }).click();
    const created = form.getByRole('status');
    await expect(created).toContainText(/Schedule #\d+ created\./);
    const once = Number(/#(\d+)/.exec((await created.textContent()) ?? '')?.[1]);
    const onceRow = section.getByRole('row', { name: `Schedule ${once}`, exact: true });
    await expect(onceRow).toContainText('once');
    await expect(onceRow).toContainText('COLOR=blue');
    await expect(onceRow).toContainText(stack().users.edit.username);

    // Its tick: pushed, with a link to the push it made.
    const ticks = onceRow.getByRole('list', { name: `Latest ticks of schedule ${once}` });
    await expect(ticks).toContainText('pushed', { timeout: 45_000 });
    await expect(onceRow.getByText('none', { exact: true })).toBeVisible();
    await expectAccessible(page);
    await shot(page, 'schedules');

    // A recurring one, said in words, its next times in local time with UTC on hover.
    await form.getByLabel('Recurring').check();
    await form.getByLabel('Cron pattern').fill('0 2 * * 1-5');
    await form.getByLabel('Time zone').fill('UTC');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    await expect(created).toContainText(/Schedule #\d+ created\./);
    const recurring = Number(/#(\d+)/.exec((await created.textContent()) ?? '')?.[1]);
    expect(recurring).not.toBe(once);
    const recurringRow = section.getByRole('row', { name: `Schedule ${recurring}`, exact: true });
    await expect(recurringRow).toContainText('every weekday at 02:00 (UTC)');
    await expect(recurringRow.locator('time').first()).toHaveAttribute('title', /^\d{4}-\d{2}-\d{2} 02:00:00 UTC$/);

    // Turned off, it has no next time and says so; turned on again, it has.
    await recurringRow.getByRole('button', { name: `Turn off schedule ${recurring}` }).click();
    await expect(recurringRow).toContainText('disabled');
    await expect(recurringRow.locator('time')).toHaveCount(0);
    await recurringRow.getByRole('button', { name: `Turn on schedule ${recurring}` }).click();
    await expect(recurringRow).not.toContainText('disabled');
    await expect(recurringRow.locator('time').first()).toHaveAttribute('title', /02:00:00 UTC$/);

    // Edited: the form holds what the schedule says; a mistake shows at its field; saved, the row says the new rule.
    await form.getByRole('button', { name: 'Close' }).click();
    await recurringRow.getByRole('button', { name: `Edit schedule ${recurring}` }).click();
    const edit = section.getByRole('form', { name: `Edit schedule ${recurring}` });
    await expect(edit.getByLabel('Cron pattern')).toHaveValue('0 2 * * 1-5');
    await expect(edit.getByLabel('Time zone')).toHaveValue('UTC');
    await edit.getByLabel('Cron pattern').fill('15 3 * *');
    await edit.getByRole('button', { name: 'Save schedule' }).click();
    await expect(edit.getByText('Cron pattern: must have 5 fields: minute hour day month weekday')).toBeVisible();
    await edit.getByLabel('Cron pattern').fill('15 3 * * *');
    await edit.getByLabel('Color').selectOption('blue');
    await edit.getByRole('button', { name: 'Save schedule' }).click();
    await expect(edit.getByRole('status')).toContainText(`Schedule #${recurring} saved.`);
    await expect(recurringRow).toContainText('every day at 03:15 (UTC)');
    await expect(recurringRow).toContainText('COLOR=blue');
    await expectAccessible(page);
    await edit.getByRole('button', { name: 'Close' }).click();
    await expect(edit).toHaveCount(0);

    // Deleted after the confirmation; the pushes stay.
    page.once('dialog', (d) => void d.accept());
    await recurringRow.getByRole('button', { name: `Delete schedule ${recurring}` }).click();
    await expect(recurringRow).toHaveCount(0);

    // The push it made says which schedule made it, and ran with the flag value.
    const history = page.getByRole('region', { name: 'History' });
    await expect(history).toContainText(`(by schedule ${once})`);
    await ticks.getByRole('link', { name: /^push #\d+$/ }).click();
    await expect(page).toHaveURL(/\/pushes\/\d+$/);
    await expect(page.getByText(`(by schedule ${once})`)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Log' })).toContainText('scheduled color is blue');
    await expectAccessible(page);
    await shot(page, 'push-by-schedule');

    await page.goBack();
    page.once('dialog', (d) => void d.accept());
    await section.getByRole('row', { name: `Schedule ${once}`, exact: true }).getByRole('button', { name: `Delete schedule ${once}` }).click();
    await expect(section).toContainText('No schedules.');
  } finally {
    await removeDeployment(id);
  }
});

test('a pusher sees the schedules but cannot add or delete one', async ({ page }) => {
  const id = await withFlaggedDeployment(unique('e2e-sched-view'));
  try {
    const s = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/schedules`, { cron: '30 6 * * *', timezone: 'UTC' });
    await signIn(page, 'push', `/deployments/${id}`);
    const row = page.getByRole('region', { name: 'Schedules' }).getByRole('row', { name: `Schedule ${s.id}`, exact: true });
    await expect(row).toContainText('every day at 06:30 (UTC)');
    await expect(row.getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New schedule' })).toHaveCount(0);
  } finally {
    await removeDeployment(id);
  }
});
