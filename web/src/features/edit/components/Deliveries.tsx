import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Time } from '../../../components/Time';
import type { Delivery } from '../../../lib/api/types';
import { DELIVERIES_SHOWN, useDeliveries } from '../api/webhooks';

const LOOK: Record<Delivery['status'], string> = { pending: '◷', delivered: '✓', failed: '✗' };

/** A webhook's latest deliveries, each with its attempts (status codes and errors as text). */
export function Deliveries({ id, webhookId }: { id: number; webhookId: number }) {
  const deliveries = useDeliveries(id, webhookId);
  if (deliveries.error) return <ErrorMessage error={deliveries.error} />;
  if (!deliveries.data) return <p>Loading…</p>;
  if (deliveries.data.length === 0) return <p>No deliveries yet.</p>;
  return (
    <table aria-label="Recent deliveries">
      <caption className="muted">The latest {DELIVERIES_SHOWN}, newest first.</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Push</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((d) => (
          <tr key={d.id}>
            <td>{d.event}</td>
            <td>
              <Link href={`/pushes/${d.push_id}`}>#{d.push_id}</Link>
            </td>
            <td>
              <span className={`status status-delivery-${d.status}`}>
                <span aria-hidden="true">{LOOK[d.status]} </span>
                {d.status}
              </span>
              {d.last_error && <small className="error"> {d.last_error}</small>}
            </td>
            <td>
              {d.attempts.length}
              {d.attempts.length > 0 && (
                <small>
                  {' '}
                  (last: {d.attempts[d.attempts.length - 1]?.status_code ?? 'no answer'})
                </small>
              )}
            </td>
            <td>
              <Time at={d.created_at} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
