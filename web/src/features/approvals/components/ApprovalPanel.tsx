import { useEffect, useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { FieldProblem } from '../../../components/Field';
import { Time } from '../../../components/Time';
import { breaks, ruleFor } from '../../../lib/api/rules';
import type { Approval, Push } from '../../../lib/api/types';
import { useSession } from '../../../lib/session';
import { useDecide, useDeploymentOf, WAITING_REFRESH_MS } from '../api/queries';
import { alreadyApproved, mayDecide, tally } from '../lib/approvals';

/** What holds a push back and who decided: the emergency bypass, `waiting_for`, the approvals given, and (while
 *  it awaits approval) Approve and Reject for those who may. */
export function PushApproval({ push }: { push: Push }) {
  useRefreshWhileWaiting(push);
  const showApprovals = push.approvals_required > 0 || push.approvals.length > 0;
  return (
    <>
      {push.bypass_reason && (
        <div role="note" aria-label="Emergency bypass" className="banner bypass">
          <strong>
            <span aria-hidden="true">⚡ </span>Emergency bypass:
          </strong>{' '}
          approvals and freeze windows were skipped. Reason: <q>{push.bypass_reason}</q>
        </div>
      )}
      {push.waiting_for && (
        <p role="status" className="banner">
          <span aria-hidden="true">◷ </span>Waiting: {push.waiting_for}
        </p>
      )}
      {showApprovals && (
        <section aria-labelledby="approvals-h">
          <h2 id="approvals-h">Approvals</h2>
          <ApprovalSummary push={push} />
          <ApprovalList approvals={push.approvals} requester={push.user} />
          {push.status === 'awaiting_approval' && <DecideForm push={push} />}
        </section>
      )}
    </>
  );
}

function ApprovalSummary({ push }: { push: Push }) {
  const { counted } = tally(push);
  return (
    <p>
      {push.approvals_required === 0
        ? 'This push needed no approval.'
        : `${counted} of ${push.approvals_required} approval${push.approvals_required === 1 ? '' : 's'} counted.`}
      {push.status === 'awaiting_approval' && push.approval_expires_at && (
        <>
          {' '}
          It expires unless approved by <Time at={push.approval_expires_at} />.
        </>
      )}
    </p>
  );
}

function ApprovalList({ approvals, requester }: { approvals: Approval[]; requester: string }) {
  if (approvals.length === 0) return <p className="muted">No one has approved or rejected it yet.</p>;
  return (
    <ul aria-label="Decisions" className="approvals">
      {approvals.map((a, i) => (
        <li key={`${a.user}-${a.at}-${i}`} className={a.void ? 'void' : undefined}>
          <span aria-hidden="true">{a.decision === 'approve' ? '✓ ' : '✗ '}</span>
          <strong>{a.user}</strong> {a.decision === 'approve' ? 'approved' : 'rejected'} <Time at={a.at} />
          {a.void && (
            <span className="tag">
              {' '}
              (void: given before the stages or settings changed; it no longer counts)
            </span>
          )}
          {a.user === requester && a.decision === 'approve' && <span className="tag"> (the requester: does not count)</span>}
          {a.comment && (
            <>
              : <q>{a.comment}</q>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function DecideForm({ push }: { push: Push }) {
  const session = useSession();
  const deployment = useDeploymentOf(push.deployment_id);
  const decide = useDecide(push.id);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  if (!session) return null;
  const verdict = mayDecide(push, session.user, deployment.data);
  const approved = alreadyApproved(push.approvals, session.user.username);

  function send(decision: 'approve' | 'reject') {
    const trimmed = comment.trim();
    const found =
      decision === 'reject' && !trimmed ? 'required to reject: say why' : (breaks(ruleFor('ApprovalInput', 'comment'), comment) ?? undefined);
    setProblem(found);
    if (found) return;
    decide.mutate({ decision, comment: trimmed }, { onSuccess: () => setComment('') });
  }

  return (
    <div className="panel" role="group" aria-label="Your decision">
      {!verdict.may ? (
        <p className="muted">
          <span aria-hidden="true">⊘ </span>
          {verdict.why}
        </p>
      ) : (
        <>
          {approved && (
            <p role="status">
              <span aria-hidden="true">✓ </span>You approved this push; it waits for others.
            </p>
          )}
          <div className="field">
            <label htmlFor={id}>Comment (required to reject)</label>
            <textarea
              id={id}
              rows={2}
              value={comment}
              onChange={(e) => {
                setComment(e.target.value);
                setProblem(undefined);
              }}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
            />
            <FieldProblem id={`${id}-problem`} label="Comment" problem={problem} />
          </div>
          {!approved && (
            <button type="button" className="primary" onClick={() => send('approve')} disabled={decide.isPending}>
              Approve
            </button>
          )}{' '}
          <button type="button" onClick={() => send('reject')} disabled={decide.isPending}>
            Reject
          </button>
        </>
      )}
      <ErrorMessage error={decide.error} />
    </div>
  );
}

/** Approvals given by others and the end of a freeze come as no live event: a waiting push is re-read now and
 *  then (a status change, such as the start, comes live anyway). */
function useRefreshWhileWaiting(push: Push) {
  const queryClient = useQueryClient();
  const waiting = push.status === 'awaiting_approval' || (push.status === 'queued' && push.waiting_for != null);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: ['push', push.id] }), WAITING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [waiting, queryClient, push.id]);
}
