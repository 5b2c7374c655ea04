import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
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

test('log lines and a comment holding markup show as text, and the log downloads as text', async ({ page }) => {
  const id = await ownDeployment(unique('e2e-markup'));
  const markup = '<img src=x onerror="window.__rolfInjected=1"><b>bold?</b>';
  const script = '<script>window.__rolfInjected=2</script>';
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, {
      name: 'markup',
      language: 'bash',
      code: `echo 'plain first line'\necho '${markup}'\necho '${script}' >&2`,
    });
    const push = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: '<i>not italic</i>' });
    await signIn(page, 'view', `/pushes/${push.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 30_000 });
    const log = page.getByRole('region', { name: 'Log' });
    await expect(log.getByText(markup, { exact: true })).toBeVisible();
    await expect(log.getByText(script, { exact: true })).toBeVisible();
    await expect(page.getByText('<i>not italic</i>', { exact: true }).first()).toBeVisible();
    // None of it became an element (the Content-Security-Policy would stop the handlers anyway; the page must not
    // even build the elements).
    await expect(log.locator('img, b, script')).toHaveCount(0);
    await expect(page.locator('i', { hasText: 'not italic' })).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __rolfInjected?: number }).__rolfInjected)).toBeUndefined();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download log.txt' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`push-${push.id}.log.txt`);
    const text = await readFile(await file.path(), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^== push ${push.id} of shop/e2e-markup-\\S+ by \\S+: succeeded(, tag \\S+)?$`));
    expect(lines).toContain('== comment: <i>not italic</i>');
    expect(lines.filter((l) => /^== stage \d+: markup$/.test(l))).toHaveLength(1);
    // Each line once, with its time and stream, the markup as it was printed, each stream in its order (stdout and
    // stderr are two pipes, read as they come: which of them a line reached first is not ordered).
    const printed = lines.filter((l) => /^\S+ (out|err) /.test(l)).map((l) => l.replace(/^\S+ /, ''));
    expect(printed.filter((l) => l.startsWith('out '))).toEqual(['out plain first line', `out ${markup}`]);
    expect(printed.filter((l) => l.startsWith('err '))).toEqual([`err ${script}`]);
    expect(printed).toHaveLength(3);
  } finally {
    await removeDeployment(id);
  }
});
