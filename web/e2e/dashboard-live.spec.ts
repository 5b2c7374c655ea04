import { expect, test } from '@playwright/test';
import { adminJson } from './api';
import { signIn, stack } from './fixtures';

test('the dashboard shows a push made elsewhere as it runs and ends, without reloading', async ({ page }) => {
  const s = stack();
  await signIn(page, 'view');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'batch/nightly' }) });
  await expect(row).toBeVisible();

  // The dashboard's own refresh is a minute apart; anything sooner came through the event stream.
  const push = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${s.deployments.nightly}/pushes`, {
    comment: 'pushed by a bot',
  });
  let cancelled = false;
  try {
    await expect(row).toContainText(`#${push.id}`);
    await expect(row).toContainText('pushed by a bot');
    await expect(row.getByText('running')).toBeVisible();
    await adminJson('POST', `/api/v1/pushes/${push.id}/cancel`, {});
    cancelled = true;
    await expect(row.getByText('cancelled')).toBeVisible();
  } finally {
    // The long job would otherwise hold its deployment for the tests after this one.
    if (!cancelled) await adminJson('POST', `/api/v1/pushes/${push.id}/cancel`, {}).catch(() => undefined);
  }
});
