import { useState } from 'react';
import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Status } from '../../../components/Status';
import { Time, duration } from '../../../components/Time';
import { HISTORY_PAGE, useHistory } from '../api/queries';

interface Props {
  id: number;
  onRollBack?: (target: { id: number; tag: string }) => void;
}

/** The push history, newest first, a page at a time (`before` the last id of the page shown). */
export function HistorySection({ id, onRollBack }: Props) {
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const before = cursors[cursors.length - 1] ?? null;
  const history = useHistory(id, before);
  const pushes = history.data ?? [];
  const last = pushes[pushes.length - 1];
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      <ErrorMessage error={history.error} />
      {history.isSuccess && pushes.length === 0 && <p>No pushes yet.</p>}
      {pushes.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Push</th>
              <th scope="col">Status</th>
              <th scope="col">By</th>
              <th scope="col">Started</th>
              <th scope="col">Took</th>
              <th scope="col">Tag</th>
              <th scope="col">Comment</th>
              {onRollBack && <th scope="col">Roll back</th>}
            </tr>
          </thead>
          <tbody>
            {pushes.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`/pushes/${p.id}`}>#{p.id}</Link>
                  {p.rollback_to ? <small> (rollback to #{p.rollback_to})</small> : null}
                  {p.resumed_from ? <small> (resumes #{p.resumed_from})</small> : null}
                  {p.step ? <small> (step mode)</small> : null}
                  {p.schedule_id ? <small> (by schedule {p.schedule_id})</small> : null}
                </td>
                <td>
                  <Status status={p.status} />
                </td>
                <td>{p.user}</td>
                <td>
                  <Time at={p.started_at ?? p.created_at} />
                </td>
                <td>{duration(p.started_at, p.finished_at)}</td>
                <td>{p.tag ? <code>{p.tag}</code> : '—'}</td>
                <td>{p.comment}</td>
                {onRollBack && (
                  <td>
                    {p.tag && p.status === 'succeeded' ? (
                      <button
                        type="button"
                        onClick={() => onRollBack({ id: p.id, tag: p.tag ?? '' })}
                        aria-label={`Roll back to push ${p.id}`}
                      >
                        Roll back to this
                      </button>
                    ) : null}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>{' '}
        <button
          type="button"
          disabled={!last || pushes.length < HISTORY_PAGE}
          onClick={() => last && setCursors([...cursors, last.id])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
