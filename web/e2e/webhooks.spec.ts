import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, shot, signIn } from './fixtures';

test('an edit-level user adds a signed webhook and reads its deliveries; the signing secret never comes back', async ({ page }) => {
  // A receiver of our own: the workers POST to it, and it answers 200.
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const signingKey = unique('signing-key');
  const name = unique('e2e-hooks');
  const id = await ownDeployment(name);
  try {
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'hi', language: 'bash', code: 'echo hi' });
    await signIn(page, 'edit', `/deployments/${id}/edit`);
    const hooks = page.getByRole('region', { name: 'Webhooks' });
    await expect(hooks).toContainText('No webhooks.');
    const form = hooks.getByRole('form', { name: 'Add a webhook' });
    await form.getByLabel('URL').fill(url);
    await expect(form.getByRole('checkbox', { name: 'push.succeeded' })).toBeChecked();
    await form.getByLabel('Signing secret (optional, write-only)').fill(signingKey);
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const hook = hooks.getByRole('listitem', { name: `Webhook ${url}` });
    await expect(hook).toContainText('signed');
    await expect(form.getByLabel('URL')).toHaveValue('');
    expect(await page.content()).not.toContain(signingKey);

    await adminJson('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'for the webhook' });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(received[0]?.['x-rolf-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    // The worker records the answer after the receiver gave it: wait for that before reading the page.
    const [webhook] = await adminJson<{ id: number }[]>('GET', `/api/v1/deployments/${id}/webhooks`);
    await expect
      .poll(async () => {
        const list = await adminJson<{ status: string }[]>('GET', `/api/v1/deployments/${id}/webhooks/${webhook?.id}/deliveries`);
        return list.map((d) => d.status);
      })
      .toContain('delivered');

    await page.reload();
    await hook.getByText('Recent deliveries').click();
    const deliveries = hook.getByRole('table', { name: 'Recent deliveries' });
    await expect(deliveries.getByRole('row', { name: /push\.succeeded/ })).toContainText('delivered');
    await expect(deliveries.getByRole('row', { name: /push\.succeeded/ })).toContainText('(last: 200)');
    expect(await page.content()).not.toContain(signingKey);
    await expectAccessible(page);
    await shot(page, 'edit-webhooks');

    page.once('dialog', (d) => void d.accept());
    await hook.getByRole('button', { name: `Delete webhook ${url}` }).click();
    await expect(hooks).toContainText('No webhooks.');
  } finally {
    await removeDeployment(id);
    server.close();
  }
});
