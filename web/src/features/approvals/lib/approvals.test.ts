import { describe, expect, it } from 'vitest';
import type { Approval, Me, Push } from '../../../lib/api/types';
import { alreadyApproved, mayDecide, tally } from './approvals';

const approval = (user: string, extra: Partial<Approval> = {}): Approval => ({
  user,
  decision: 'approve',
  comment: '',
  at: '2026-12-07T04:00:00Z',
  void: false,
  ...extra,
});

const push = (extra: Partial<Push> = {}): Push =>
  ({
    id: 7,
    user: 'bob',
    status: 'awaiting_approval',
    approvals_required: 2,
    approvals: [],
    ...extra,
  }) as Push;

const me = (username: string, extra: Partial<Me> = {}): Me => ({ username, groups: [], admin: false, ...extra });

describe('mayDecide', () => {
  it('never lets the requester decide, admin or not', () => {
    const r = mayDecide(push(), me('bob', { admin: true }), { approver_group: null, level: 'edit' });
    expect(r).toEqual({ may: false, why: expect.stringContaining('You requested') });
  });
  it('lets admins decide', () => {
    expect(mayDecide(push(), me('dave', { admin: true }), undefined).may).toBe(true);
  });
  it('needs the approver group when there is one', () => {
    const d = { approver_group: 'release', level: 'edit' as const };
    expect(mayDecide(push(), me('alice'), d)).toEqual({ may: false, why: expect.stringContaining('release') });
    expect(mayDecide(push(), me('alice', { groups: ['release'] }), d).may).toBe(true);
  });
  it('needs push on the deployment without a group', () => {
    expect(mayDecide(push(), me('erin'), { approver_group: null, level: 'view' }).may).toBe(false);
    expect(mayDecide(push(), me('carol'), { approver_group: null, level: 'push' }).may).toBe(true);
  });
  it('offers nothing once the push is no longer awaiting approval', () => {
    expect(mayDecide(push({ status: 'queued' }), me('dave', { admin: true }), undefined).may).toBe(false);
  });
});

describe('tally', () => {
  it('counts distinct people, not void approvals, rejections or the requester', () => {
    const p = push({
      approvals: [
        approval('alice'),
        approval('alice'),
        approval('carol', { void: true }),
        approval('erin', { decision: 'reject' }),
        approval('bob'),
      ],
    });
    expect(tally(p)).toEqual({ counted: 1, needed: 1 });
  });
  it('needs nothing more once enough approved', () => {
    expect(tally(push({ approvals: [approval('a'), approval('c'), approval('d')] }))).toEqual({ counted: 3, needed: 0 });
  });
});

describe('alreadyApproved', () => {
  it('ignores void approvals', () => {
    expect(alreadyApproved([approval('alice', { void: true })], 'alice')).toBe(false);
    expect(alreadyApproved([approval('alice')], 'alice')).toBe(true);
  });
});
