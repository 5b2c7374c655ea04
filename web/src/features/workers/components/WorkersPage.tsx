import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Time } from '../../../components/Time';
import type { WorkerInfo } from '../../../lib/api/types';
import { useWorkers } from '../api/queries';

/** Admins only: the workers seen in the last day, live or not, with their pools and the pushes they run. */
export function WorkersPage() {
  const workers = useWorkers();
  return (
    <main>
      <nav aria-label="Breadcrumb">
        <Link href="/admin">Admin</Link> › Workers
      </nav>
      <h1>Workers</h1>
      <p>
        Workers take pushes from the pools they serve (<code>ROLF_WORKER_POOLS</code>); a deployment's pushes run in its pool.
        A worker not seen for a day is no longer listed.
      </p>
      <ErrorMessage error={workers.error} />
      {workers.isPending && <p>Loading…</p>}
      {workers.data?.length === 0 && <p>No worker has been seen in the last day: pushes wait in their queues.</p>}
      {workers.data && workers.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">State</th>
              <th scope="col">Pools</th>
              <th scope="col">Busy</th>
              <th scope="col">Host and pid</th>
              <th scope="col">Version</th>
              <th scope="col">Started</th>
              <th scope="col">Last heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {workers.data.map((w) => (
              <WorkerRow key={w.name} worker={w} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function WorkerRow({ worker: w }: { worker: WorkerInfo }) {
  return (
    <tr>
      <th scope="row">
        <code>{w.name}</code>
      </th>
      <td>
        <WorkerState worker={w} />
      </td>
      <td>{w.pools.join(', ')}</td>
      <td>
        {w.running.length} of {w.concurrency}
        {w.running.length > 0 && (
          <>
            :{' '}
            {w.running.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <Link href={`/pushes/${id}`}>#{id}</Link>
              </span>
            ))}
          </>
        )}
      </td>
      <td>
        {w.host}, pid {w.pid}
      </td>
      <td>{w.version}</td>
      <td>
        <Time at={w.started_at} />
      </td>
      <td>
        <Time at={w.last_heartbeat_at} />
      </td>
    </tr>
  );
}

/** Live, stopped (cleanly, with when), or lost (no heartbeat and no goodbye): an icon and a word. */
function WorkerState({ worker: w }: { worker: WorkerInfo }) {
  if (w.live) {
    return (
      <span className="status status-succeeded">
        <span aria-hidden="true">● </span>live
      </span>
    );
  }
  if (w.stopped_at) {
    return (
      <span className="status status-cancelled">
        <span aria-hidden="true">■ </span>stopped <Time at={w.stopped_at} />
      </span>
    );
  }
  return (
    <span className="status status-failed">
      <span aria-hidden="true">? </span>lost (no heartbeat)
    </span>
  );
}
