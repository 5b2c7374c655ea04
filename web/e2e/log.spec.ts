import { expect, test } from '@playwright/test';
import { expectAccessible, shot, signIn, stack } from './fixtures';

test('a live log resumes after a dropped stream without losing or repeating a line', async ({ page }) => {
  // The first stream is cut after ten lines (as a proxy or a network drop would); the page must reconnect
  // with Last-Event-ID and get every later line exactly once.
  const streams: string[] = [];
  let cut = false;
  let lastSent = -1;
  await page.route(/\/api\/v1\/pushes\/\d+\/log\/stream/, async (route) => {
    streams.push(route.request().url());
    if (cut) return route.continue();
    cut = true;
    const response = await route.fetch();
    const events = (await response.text()).split('\n\n');
    let lines = 0;
    const tenth = events.findIndex((e) => e.includes('event: line') && ++lines === 10);
    lastSent = Number(/^id: (\d+)$/m.exec(events[tenth] ?? '')?.[1]);
    await route.fulfill({ response, body: events.slice(0, tenth + 1).join('\n\n') + '\n\n' });
  });
  await signIn(page, 'push');
  await page.getByRole('link', { name: 'shop/production' }).click();
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  await page.getByRole('form', { name: 'Push' }).getByRole('button', { name: 'Start push' }).click();
  const log = page.getByRole('region', { name: 'Log' });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
  const rows = log.locator('.log-line');
  await expect(rows.last()).toContainText('push succeeded');
  expect(streams).toHaveLength(2);
  expect(lastSent).toBeGreaterThanOrEqual(10);
  expect(streams[1]).toMatch(new RegExp(`after=${lastSent}$`));
  // Every line once, in order: rows are numbered by seq, and each text comes exactly once.
  const seqs = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  const texts = await log.locator('.log-text').allTextContents();
  for (let i = 1; i <= 20; i++) expect(texts.filter((t) => t === `build step ${i} of 20`)).toHaveLength(1);
  expect(texts).not.toContain('…');
});

test('a lost connection shows a banner and the page recovers by itself', async ({ page, context }) => {
  const s = stack();
  await signIn(page, 'view');
  await page.getByRole('link', { name: 'shop/production' }).click();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('first release');
  await context.setOffline(true);
  await page.getByRole('link', { name: `#${s.deployments.tagged_push}`, exact: true }).first().click();
  await expect(page.getByText('Connection to Rolf lost. Retrying…')).toBeVisible();
  await expectAccessible(page);
  await context.setOffline(false);
  await expect(page.getByText('Connection to Rolf lost. Retrying…')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Push #${s.deployments.tagged_push}`);
  await expect(page.getByRole('region', { name: 'Log' })).toContainText('deployed');
});

test('a million-line log opens at its end and scrolls back to its start', async ({ page }) => {
  test.setTimeout(240_000);
  const s = stack();
  await signIn(page, 'push');
  await page.goto(`${s.url}/deployments/${s.deployments.huge}`);
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  await page.getByRole('form', { name: 'Push' }).getByRole('button', { name: 'Start push' }).click();
  await expect(page).toHaveURL(/\/pushes\/\d+$/);
  const url = page.url();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 200_000 });

  // Opened afresh on the finished push: it goes to the end without reading the million lines.
  await page.goto(url);
  const log = page.getByRole('region', { name: 'Log' });
  await expect(log).toContainText('line 1000000', { timeout: 15_000 });
  await expect(page.getByText(/1,000,0\d\d lines/)).toBeVisible();
  // Only the rows on screen are in the page.
  expect(await log.locator('.log-line').count()).toBeLessThan(200);
  await expectAccessible(page);
  await shot(page, 'push-million-lines');
  await log.focus();
  await page.keyboard.press('Home');
  await expect(log.getByText('line 1', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Follow the end of the log')).not.toBeChecked();
  // The page stays responsive: a click is handled at once.
  const started = Date.now();
  await page.getByLabel('Follow the end of the log').check();
  await expect(log).toContainText('line 1000000');
  console.log(`back to the end of a million lines in ${Date.now() - started} ms`);
});
