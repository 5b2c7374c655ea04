import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Time } from '../../../components/Time';
import { useApprovalQueue } from '../api/queries';

/** The dashboard's list of pushes waiting for the caller's approval; nothing at all when there are none. */
export function NeedsApproval() {
  const queue = useApprovalQueue();
  if (queue.error) return <ErrorMessage error={queue.error} />;
  if (!queue.data || queue.data.length === 0) return null;
  return (
    <section aria-labelledby="needs-approval-h" className="panel">
      <h2 id="needs-approval-h">
        <span aria-hidden="true">◇ </span>Needs your approval ({queue.data.length})
      </h2>
      <ul>
        {queue.data.map((p) => (
          <li key={p.id}>
            <Link href={`/pushes/${p.id}`}>
              Push #{p.id} of {p.application}/{p.deployment}
            </Link>{' '}
            by {p.user}, <Time at={p.created_at} />
            {p.comment ? <>: {p.comment}</> : null}
            {p.waiting_for && <small className="muted"> — waiting: {p.waiting_for}</small>}
            {p.approval_expires_at && (
              <small className="muted">
                {' '}
                (expires <Time at={p.approval_expires_at} />)
              </small>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
