import { expect, test, type Locator, type Page } from '@playwright/test';
import { stack } from './fixtures';

/** Presses Tab until `target` has the focus (as a keyboard user would), failing after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

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
