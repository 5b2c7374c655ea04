// Who may approve a push, and how its approvals add up. The API decides (common/src/authz.rs, for_approval):
// admins, or the deployment's approver group's members, or (no group) anyone with push on it; never the
// requester. The page only uses this to offer the buttons; a refusal from the API is shown as it comes.
import type { Approval, Deployment, Level, Me, Push } from '../../../lib/api/types';

const PUSH_OR_MORE: ReadonlySet<Level> = new Set(['push', 'edit']);

export type MayDecide = { may: true } | { may: false; why: string };

export function mayDecide(push: Push, me: Me, deployment: Pick<Deployment, 'approver_group' | 'level'> | undefined): MayDecide {
  if (push.status !== 'awaiting_approval') return { may: false, why: 'It is not awaiting approval.' };
  if (push.user === me.username) return { may: false, why: 'You requested this push: someone else must approve or reject it.' };
  if (me.admin) return { may: true };
  if (!deployment) return { may: false, why: 'Only someone who may approve on its deployment can decide.' };
  if (deployment.approver_group) {
    return me.groups.includes(deployment.approver_group)
      ? { may: true }
      : { may: false, why: `Only members of the group ${deployment.approver_group} may approve or reject it.` };
  }
  return PUSH_OR_MORE.has(deployment.level)
    ? { may: true }
    : { may: false, why: 'Only people with push on its deployment may approve or reject it.' };
}

/** Approvals that count (not void, not the requester's, one per person) against those still needed. */
export function tally(push: Pick<Push, 'approvals' | 'approvals_required' | 'user'>): { counted: number; needed: number } {
  const people = new Set<string>();
  for (const a of push.approvals) {
    if (a.decision === 'approve' && !a.void && a.user !== push.user) people.add(a.user);
  }
  return { counted: people.size, needed: Math.max(0, push.approvals_required - people.size) };
}

/** Whether the caller already approved (a void approval does not count: they may approve again). */
export function alreadyApproved(approvals: Approval[], username: string): boolean {
  return approvals.some((a) => a.user === username && a.decision === 'approve' && !a.void);
}
