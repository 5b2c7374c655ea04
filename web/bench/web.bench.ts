// Figures of the web interface, each beside a baseline from the same browser in the same run. Printed, never
// asserted: machines are noisy. Run by `scripts/bench --web` (and the full `scripts/bench`).
import { expect, test, type Page } from '@playwright/test';
import { adminJson } from '../e2e/api';
import { signIn, stack } from '../e2e/fixtures';

const DEPLOYMENTS = Number(process.env.ROLF_BENCH_DEPLOYMENTS ?? 500);
const LINES_PER_SECOND = 20_000;
const SECONDS = 5;

const admin = (method: string, path: string, body?: unknown) => adminJson<{ id: number }>(method, path, body);

/** Records, in the page, when `count` elements matching `selector` first exist (performance.now()). */
async function watchFor(page: Page, selector: string, count: number): Promise<void> {
  await page.addInitScript(
    ([sel, n]) => {
      const w = window as unknown as { __rendered?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelectorAll(sel as string).length >= (n as number)) {
          w.__rendered = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    },
    [selector, count],
  );
}

test('dashboard: every deployment from one request, rendered after the response', async ({ page }) => {
  const category = await admin('POST', '/api/v1/categories', { name: `bench-${Date.now()}` });
  const application = await admin('POST', '/api/v1/applications', { category_id: category.id, name: 'many' });
  // The dashboard hides deprecated deployments: count the shown ones.
  const listed = await adminJson<{ deprecated: boolean }[]>('GET', '/api/v1/deployments');
  const existing = listed.filter((d) => !d.deprecated).length;
  for (let i = existing; i < DEPLOYMENTS; i++) {
    await admin('POST', '/api/v1/deployments', { application_id: application.id, name: `d${String(i).padStart(4, '0')}` });
  }
  await signIn(page, 'admin');
  let listRequests = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/deployments') listRequests++;
  });
  await watchFor(page, 'main tbody tr', DEPLOYMENTS);
  await page.reload();
  await expect(page.locator('main tbody tr')).toHaveCount(DEPLOYMENTS, { timeout: 60_000 });
  const figures = await page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/v1/deployments') as
      | PerformanceResourceTiming
      | undefined;
    const rendered = (window as unknown as { __rendered?: number }).__rendered ?? NaN;
    return { responseEnd: entry?.responseEnd ?? NaN, rendered };
  });
  // Baseline: the same number of rows as plain HTML, parsed and laid out by the same browser.
  const baseline = await page.evaluate((n) => {
    const rows = Array.from({ length: n }, (_, i) => `<tr><td>app/d${i}</td><td>#${i} succeeded</td><td></td><td>edit</td></tr>`);
    const start = performance.now();
    const host = document.createElement('div');
    host.innerHTML = `<table><tbody>${rows.join('')}</tbody></table>`;
    document.body.appendChild(host);
    void host.offsetHeight;
    const took = performance.now() - start;
    host.remove();
    return took;
  }, DEPLOYMENTS);
  console.log(
    `BENCH dashboard: ${DEPLOYMENTS} deployments, ${listRequests} list request(s), rendered ` +
      `${(figures.rendered - figures.responseEnd).toFixed(0)} ms after the response (goal < 300) | ` +
      `baseline: the same rows as static HTML ${baseline.toFixed(0)} ms`,
  );
});

test('live log: a stage printing 20,000 lines a second, shown as it prints', async ({ page }) => {
  const s = stack();
  const category = await admin('POST', '/api/v1/categories', { name: `bench-log-${Date.now()}` });
  const application = await admin('POST', '/api/v1/applications', { category_id: category.id, name: 'loud' });
  const deployment = await admin('POST', '/api/v1/deployments', { application_id: application.id, name: 'loud' });
  const total = LINES_PER_SECOND * SECONDS;
  // Each line carries the time it was printed (ms since the epoch), paced to the rate in batches of 1 ms.
  const code = [
    'import sys, time',
    `rate, total = ${LINES_PER_SECOND}, ${total}`,
    'start = time.time()',
    'for i in range(1, total + 1):',
    '    if i % 20 == 0:',
    '        ahead = start + i / rate - time.time()',
    '        if ahead > 0: time.sleep(ahead)',
    '    sys.stdout.write(f"line {i} printed {time.time() * 1000:.0f}\\n")',
    '    if i % 200 == 0: sys.stdout.flush()',
  ].join('\n');
  await admin('POST', `/api/v1/deployments/${deployment.id}/stages`, { name: 'print', language: 'python', code });
  await signIn(page, 'admin');
  const push = await admin('POST', `/api/v1/deployments/${deployment.id}/pushes`, {});
  await page.goto(`${s.url}/pushes/${push.id}`);
  const log = page.getByRole('region', { name: 'Log' });
  // Samples, every 100 ms, how far behind the printed time the newest line on screen is.
  const lags: number[] = [];
  const deadline = Date.now() + (SECONDS + 60) * 1000;
  let last = 0;
  while (last < total && Date.now() < deadline) {
    const texts = await log.locator('.log-line').allTextContents();
    const now = Date.now();
    for (const t of texts) {
      const m = /line (\d+) printed (\d+)/.exec(t);
      if (m && Number(m[1]) > last) {
        last = Number(m[1]);
        lags.push(now - Number(m[2]));
      }
    }
    await page.waitForTimeout(100);
  }
  expect(last).toBe(total);
  const sorted = lags.slice().sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))] ?? NaN;
  // Baseline: the same log's stream read raw by fetch in the same browser, from the start, to its end.
  const raw = await page.evaluate(async ([url, token]) => {
    const start = performance.now();
    const response = await fetch(url as string, { headers: { Authorization: `Bearer ${token as string}` } });
    const reader = response.body!.getReader();
    let bytes = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    return { seconds: (performance.now() - start) / 1000, bytes };
  }, [`${s.url}/api/v1/pushes/${push.id}/log/stream`, s.admin_token]);
  console.log(
    `BENCH live log: ${total} lines at ${LINES_PER_SECOND}/s; newest line on screen behind its print time ` +
      `p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms (${lags.length} samples) | baseline: the whole ` +
      `stream read raw by fetch afterwards ${(total / raw.seconds).toFixed(0)} lines/s`,
  );
});
