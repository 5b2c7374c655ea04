import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, signIn } from './fixtures';

test('a failed push jumps to its first error, far back in a long log', async ({ page }) => {
  const id = await ownDeployment(unique('first-error'));
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'build', language: 'bash', code: 'seq 1 3000 | sed "s/^/built /"' });
    const failing = 'seq 1 2000 | sed "s/^/checking /"\necho "boom: the database refused us" >&2\nseq 1 3000 | sed "s/^/after /"\nexit 3';
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'check', language: 'bash', code: failing });
    const push = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, {});
    await signIn(page, 'view', `/pushes/${push.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('failed', { timeout: 60_000 });
    const log = page.getByRole('region', { name: 'Log' });
    await expect(log).toContainText('after 3000');
    await expect(log).not.toContainText('boom');

    await page.getByRole('button', { name: 'Jump to the first error' }).click();
    await expect(log.getByText('boom: the database refused us')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'first error of stage check' })).toBeVisible();
    await expect(page.getByLabel('Follow the end of the log')).not.toBeChecked();
    await expectAccessible(page);
  } finally {
    await removeDeployment(id);
  }
});
