import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Push } from '../../../lib/api/types';
import { setSession } from '../../../lib/session';
import { PushApproval } from './ApprovalPanel';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const push = (extra: Partial<Push> = {}): Push =>
  ({
    id: 9,
    deployment_id: 3,
    application: 'shop',
    deployment: 'prod',
    user: 'bob',
    comment: '',
    flags: {},
    status: 'awaiting_approval',
    cancel_requested: false,
    created_at: '2026-12-07T04:00:00Z',
    step: false,
    pool: 'default',
    approvals_required: 2,
    approvals: [
      { user: 'carol', decision: 'approve', comment: 'before the change', at: '2026-12-07T04:01:00Z', void: true },
      { user: 'dave', decision: 'approve', comment: '', at: '2026-12-07T04:02:00Z', void: false },
    ],
    approval_expires_at: '2026-12-08T04:00:00Z',
    waiting_for: '1 more approval from group release',
    stages: [],
    ...extra,
  }) as Push;

function renderPanel(p: Push) {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <PushApproval push={p} />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe('PushApproval', () => {
  it('marks void approvals, says what it waits for, needs a comment to reject and shows a 403 as the API says it', async () => {
    setSession({ token: 't', user: { username: 'alice', groups: ['release'], admin: false }, expiresAt: null });
    const posted: string[] = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      if (req.method === 'GET') return json(200, { id: 3, approver_group: 'release', level: 'view' });
      posted.push(req.url);
      return json(403, { error: { code: 'forbidden', message: 'approving or rejecting needs the approver group' } });
    });
    renderPanel(push());
    expect(screen.getByRole('status')).toHaveProperty('textContent', '◷ Waiting: 1 more approval from group release');
    expect(screen.getByText('1 of 2 approvals counted.', { exact: false })).toBeTruthy();
    const decisions = screen.getByRole('list', { name: 'Decisions' });
    const carol = within(decisions).getByText('carol').closest('li');
    expect(carol?.textContent).toContain('(void: given before the stages or settings changed; it no longer counts)');

    const reject = await screen.findByRole('button', { name: 'Reject' });
    await userEvent.click(reject);
    expect(screen.getByRole('alert').textContent).toBe('⚠ Comment: required to reject: say why');
    expect(posted).toEqual([]);
    await userEvent.type(screen.getByLabelText('Comment (required to reject)'), 'not now');
    await userEvent.click(reject);
    expect((await screen.findByText('approving or rejecting needs the approver group')).getAttribute('role')).toBe('alert');
    expect(posted).toEqual([expect.stringMatching(/\/api\/v1\/pushes\/9\/reject$/)]);
  });

  it('offers no buttons to the requester and shows a bypass reason as text', () => {
    setSession({ token: 't', user: { username: 'bob', groups: [], admin: true }, expiresAt: null });
    vi.stubGlobal('fetch', async () => json(200, { id: 3, approver_group: null, level: 'edit' }));
    renderPanel(push({ bypass_reason: '<b>outage</b>' }));
    const note = screen.getByRole('note', { name: 'Emergency bypass' });
    expect(note.textContent).toContain('Reason: <b>outage</b>');
    expect(note.querySelector('b')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('You requested this push: someone else must approve or reject it.')).toBeTruthy();
  });
});
