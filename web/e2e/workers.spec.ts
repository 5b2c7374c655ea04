// The workers page: admins see the stack's worker, live, with its pools; others are refused.
import { expect, test } from '@playwright/test';
import { expectAccessible, shot, signIn } from './fixtures';

test('an admin sees the live worker with its pools and busy slots', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workers' }).click();
  await expect(page.getByRole('heading', { name: 'Workers', level: 1 })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Workers' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Admin' })).not.toHaveAttribute('aria-current', 'page');
  const rows = page.getByRole('row').filter({ hasText: 'live' });
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText(/\d+ of \d+/);
  await expect(rows.first()).toContainText('pid');
  await expectAccessible(page);
  await shot(page, 'workers');
});

test('the workers page is for admins only', async ({ page }) => {
  await signIn(page, 'edit', '/admin/workers');
  await expect(page.getByRole('alert')).toHaveText('⊘ Only admins may use this page.');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workers' })).toHaveCount(0);
  await expectAccessible(page);
});
