import { expect, test } from '@playwright/test';
import { signIn, stack } from './fixtures';

/** A call as the stack's admin that returns the answer's JSON (a bot acting behind the page's back). */
async function adminJson(method: string, path: string, body?: unknown): Promise<{ id: number }> {
  const s = stack();
  const response = await fetch(s.url + path, {
    method,
    headers: { Authorization: `Bearer ${s.admin_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: number };
}

test('the dashboard shows a push made elsewhere as it runs and ends, without reloading', async ({ page }) => {
  const s = stack();
  await signIn(page, 'view');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'batch/nightly' }) });
  await expect(row).toBeVisible();

  // The dashboard's own refresh is a minute apart; anything sooner came through the event stream.
  const push = await adminJson('POST', `/api/v1/deployments/${s.deployments.nightly}/pushes`, {
    comment: 'pushed by a bot',
  });
  await expect(row).toContainText(`#${push.id}`);
  await expect(row).toContainText('pushed by a bot');
  await expect(row.getByText('running')).toBeVisible();
  await adminJson('POST', `/api/v1/pushes/${push.id}/cancel`, {});
  await expect(row.getByText('cancelled')).toBeVisible();
});
