// Approvals through the pages: a second person approves from the push page; the dashboard lists what waits for
// the caller; a rejection needs a comment; who may not decide is told why instead of offered buttons.
import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectAccessible, expectNoSecret, shot, signIn, stack } from './fixtures';

async function deploymentNeedingApproval(prefix: string): Promise<number> {
  const id = await ownDeployment(unique(prefix));
  await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'hello', language: 'bash', code: 'echo "approved and ran"' });
  await adminJson('PATCH', `/api/v1/deployments/${id}`, { approvals_required: 1 });
  return id;
}

test('a push awaiting approval is approved from its page by a second person, then runs', async ({ page }) => {
  const id = await deploymentNeedingApproval('e2e-approve');
  try {
    // The stack's admin asks for it; alice (edit, so push) is the second person.
    const push = await adminJson<{ id: number; status: string }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'needs a yes' });
    expect(push.status).toBe('awaiting_approval');
    await signIn(page, 'edit', `/pushes/${push.id}`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toContainText('awaiting approval');
    await expect(page.getByRole('status').filter({ hasText: 'Waiting:' })).toContainText('1 more approval');
    const approvals = page.getByRole('region', { name: 'Approvals' });
    await expect(approvals).toContainText('0 of 1 approval counted.');
    await expect(approvals).toContainText('No one has approved or rejected it yet.');
    const decision = approvals.getByRole('group', { name: 'Your decision' });
    await expectAccessible(page);
    await shot(page, 'push-awaiting-approval');
    await decision.getByLabel('Comment (required to reject)').fill('looks right');
    // Keyboard: focus the button and press Enter.
    await decision.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    await expect(heading).toContainText('succeeded', { timeout: 30_000 });
    const given = approvals.getByRole('list', { name: 'Decisions' });
    await expect(given).toContainText(`${stack().users.edit.username} approved`);
    await expect(given).toContainText('looks right');
    await expect(approvals).toContainText('1 of 1 approval counted.');
    await expect(approvals.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Log' })).toContainText('approved and ran');
    await expectNoSecret(page);
    await shot(page, 'push-approved');
  } finally {
    await removeDeployment(id);
  }
});

test('the dashboard lists pushes needing your approval; a rejection needs a comment', async ({ page }) => {
  const id = await deploymentNeedingApproval('e2e-reject');
  try {
    const push = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'risky one' });
    await signIn(page, 'push');
    const needs = page.getByRole('region', { name: /Needs your approval/ });
    const link = needs.getByRole('link', { name: new RegExp(`^Push #${push.id} of shop/`) });
    await expect(link).toBeVisible();
    await expect(needs).toContainText('risky one');
    await expectAccessible(page);
    await shot(page, 'dashboard-needs-approval');
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/pushes/${push.id}$`));
    const decision = page.getByRole('group', { name: 'Your decision' });
    let sent = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/pushes/${push.id}/reject`)) sent++;
    });
    await decision.getByRole('button', { name: 'Reject' }).click();
    await expect(decision.getByRole('alert')).toHaveText('⚠ Comment: required to reject: say why');
    await expectAccessible(page);
    expect(sent).toBe(0);
    await decision.getByLabel('Comment (required to reject)').fill('not during the sale');
    await decision.getByRole('button', { name: 'Reject' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('rejected');
    await expect(page.getByRole('list', { name: 'Decisions' })).toContainText(`${stack().users.push.username} rejected`);
    await expect(page.getByRole('list', { name: 'Decisions' })).toContainText('not during the sale');
    expect(sent).toBe(1);
    // Nothing waits any more: the list is gone from the dashboard.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: new RegExp(`^Push #${push.id} of`) })).toHaveCount(0);
  } finally {
    await removeDeployment(id);
  }
});

test('who may not approve is told why, with no buttons', async ({ page }) => {
  const id = await deploymentNeedingApproval('e2e-noapprove');
  try {
    const push = await adminJson<{ id: number }>('POST', `/api/v1/deployments/${id}/pushes`, { comment: 'view only' });
    await signIn(page, 'view', `/pushes/${push.id}`);
    const decision = page.getByRole('group', { name: 'Your decision' });
    await expect(decision).toContainText('Only people with push on its deployment may approve or reject it.');
    await expect(decision.getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('region', { name: /Needs your approval/ })).toHaveCount(0);
  } finally {
    await removeDeployment(id);
  }
});

test('admins set the approval settings and pool on the Edit page; editors read them', async ({ page, browser }) => {
  const id = await ownDeployment(unique('e2e-approval-settings'));
  try {
    await signIn(page, 'admin', `/deployments/${id}/edit`);
    const form = page.getByRole('form', { name: 'Approvals and worker pool' });
    await form.getByLabel('Approvals required').fill('6');
    await form.getByLabel('Worker pool').fill('Bad Pool');
    await form.getByRole('button', { name: 'Save approvals and pool' }).click();
    await expect(form.getByText('Approvals required: must be at most 5')).toBeVisible();
    await expect(form.getByText('Worker pool: has characters that are not allowed here')).toBeVisible();
    await form.getByLabel('Approvals required').fill('2');
    await form.getByLabel('Worker pool').fill('default');
    await form.getByLabel('Approved by').selectOption('operators');
    await form.getByLabel('A push awaiting approval expires after (hours)').fill('48');
    await form.getByRole('checkbox', { name: 'Rollbacks run without approvals' }).check();
    await form.getByRole('button', { name: 'Save approvals and pool' }).click();
    await expect(form.getByRole('status')).toHaveText('✓ Saved.');
    const saved = await adminJson<Record<string, unknown>>('GET', `/api/v1/deployments/${id}`);
    expect(saved).toMatchObject({
      approvals_required: 2,
      approver_group: 'operators',
      approval_expires_hours: 48,
      rollback_without_approval: true,
    });
    await expectAccessible(page);
    await shot(page, 'edit-approvals');

    const other = await browser.newContext();
    try {
      const editor = await other.newPage();
      await signIn(editor, 'edit', `/deployments/${id}/edit`);
      const section = editor.getByRole('region', { name: 'Approvals and worker pool' });
      await expect(section).toContainText('Only admins change these.');
      await expect(section).toContainText('members of the group operators');
      await expect(section).toContainText('48 hours');
      await expect(section.getByRole('textbox')).toHaveCount(0);
      await expectAccessible(editor);
    } finally {
      await other.close();
    }
  } finally {
    await removeDeployment(id);
  }
});
