import { expect, test } from '@playwright/test';
import { stack } from './fixtures';

test('signing in with CAS goes through the CAS login form and comes back to the page asked for', async ({ page }) => {
  const s = stack();
  const carol = (s as unknown as { cas_user: { username: string; password: string } }).cas_user;
  await page.goto(`${s.url}/deployments/${s.deployments.production}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByRole('link', { name: 'Sign in with CAS' }).click();

  // The CAS server's own page (tests/src/cas.rs), as a real one would show it.
  await expect(page).toHaveTitle(/Central Authentication Service/);
  await page.locator('#username').fill(carol.username);
  await page.locator('#password').fill(carol.password);
  await page.getByRole('button', { name: 'LOGIN' }).click();

  // Back through the ticket exchange to the page first asked for, signed in with the directory's groups.
  await expect(page).toHaveURL(new RegExp(`/deployments/${s.deployments.production}$`));
  await expect(page.getByText(`Signed in as ${carol.username} (admin)`)).toBeVisible();
});

test('a wrong CAS password never comes back signed in', async ({ page }) => {
  const s = stack();
  await page.goto(`${s.url}/sign-in`);
  await page.getByRole('link', { name: 'Sign in with CAS' }).click();
  await page.locator('#username').fill('carol');
  await page.locator('#password').fill('not-her-password');
  await page.getByRole('button', { name: 'LOGIN' }).click();
  await expect(page.getByText('Invalid credentials.')).toBeVisible();
  await page.goto(`${s.url}/`);
  await expect(page).toHaveURL(/\/sign-in/);
});
