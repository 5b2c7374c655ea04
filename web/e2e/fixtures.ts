import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export interface Stack {
  url: string;
  users: Record<'view' | 'push' | 'edit' | 'admin', { username: string; password: string }>;
  secret: string;
  admin_token: string;
  deployments: {
    production: number;
    legacy: number;
    nightly: number;
    huge: number;
    tagged_push: number;
    tag: string;
  };
}

export function stack(): Stack {
  const json = process.env.ROLF_STACK_JSON;
  if (!json) throw new Error('ROLF_STACK_JSON is unset: run through playwright.config.ts (its global setup)');
  return JSON.parse(json) as Stack;
}

/** Calls the API as the stack's admin (to change things behind a page's back). */
export async function asAdmin(method: string, path: string, body?: unknown): Promise<void> {
  const s = stack();
  const response = await fetch(s.url + path, {
    method,
    headers: { Authorization: `Bearer ${s.admin_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/** Fails the test on any Content-Security-Policy violation the page reports. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would, failing after `max` presses.
 * It looks inside shadow roots too, where the code editor lives.
 */
export async function tabTo(page: Page, target: Locator, { max = 80, backwards = false } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => (el.getRootNode() as Document | ShadowRoot).activeElement === el)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${backwards ? 'Shift+Tab' : 'Tab'} never reached ${target}`);
}

export async function signIn(page: Page, who: keyof Stack['users'], path = '/'): Promise<void> {
  const s = stack();
  await page.goto(s.url + path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Username').fill(s.users[who].username);
  await page.getByLabel('Password').fill(s.users[who].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Signed in as ${s.users[who].username}`)).toBeVisible();
}

/** Fails if the secret setting's value is anywhere in the page: its markup, its text, or its storage. */
export async function expectNoSecret(page: Page): Promise<void> {
  const s = stack();
  expect(await page.content()).not.toContain(s.secret);
  const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(storage).not.toContain(s.secret);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The rule sets the pages are held to: WCAG 2.0 to 2.2, levels A and AA, and axe's own best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Fails on any accessibility rule axe-core finds broken in the page as it is now (call it once the page shows
 * what the test waited for). Every impact counts, minor included; the message names the rule, its impact and
 * where it is broken.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = violations.map((v) => {
    const where = v.nodes.slice(0, 5).map((n) => n.target.join(' > '));
    return `${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}, at ${where.join('; ')}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''}`;
  });
  expect(found, `axe on ${new URL(page.url()).pathname}`).toEqual([]);
}
