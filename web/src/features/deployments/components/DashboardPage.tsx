import { useId, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Status } from '../../../components/Status';
import { Time } from '../../../components/Time';
import { useCategories, useDeployments } from '../api/queries';
import { groupDeployments } from '../lib/group';
import { useLiveStatuses } from '../lib/liveStatus';
import { freezeInEffect } from '../lib/frozen';
import { useNow } from '../../../lib/useNow';
import type { Deployment } from '../../../lib/api/types';

/** `top`: what other features show above the deployments (pushes needing the caller's approval). */
export function DashboardPage({ top }: { top?: ReactNode }) {
  const deployments = useDeployments();
  const categories = useCategories();
  const live = useLiveStatuses();
  // Freezes begin and end with the clock, not with an event: the rows look again every half minute.
  const now = useNow(30_000);
  const [filter, setFilter] = useState('');
  const [showDeprecated, setShowDeprecated] = useState(false);
  const filterId = useId();
  const deprecatedId = useId();

  const groups =
    deployments.data && categories.data
      ? groupDeployments(deployments.data, categories.data, { filter, showDeprecated })
      : [];
  const loading = deployments.isPending || categories.isPending;

  return (
    <main>
      <h1>Deployments</h1>
      {top}
      <div className="toolbar">
        <label htmlFor={filterId}>Filter</label>
        <input
          id={filterId}
          type="search"
          placeholder="application, deployment or description"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <input
          id={deprecatedId}
          type="checkbox"
          checked={showDeprecated}
          onChange={(e) => setShowDeprecated(e.target.checked)}
        />
        <label htmlFor={deprecatedId}>Show deprecated</label>
        <span role="status" className="muted">
          {live ? '● Live: statuses update as pushes change' : '○ Not live: reconnecting…'}
        </span>
      </div>
      <ErrorMessage error={deployments.error ?? categories.error} />
      {loading && <p>Loading…</p>}
      {!loading && groups.length === 0 && !deployments.error && (
        <p>{filter ? 'No deployment matches the filter.' : 'No deployments you may view.'}</p>
      )}
      {groups.map((c) => (
        <section key={c.category} aria-labelledby={`cat-${c.category}`}>
          <h2 id={`cat-${c.category}`}>{c.category}</h2>
          {c.applications.map((a) => (
            <div key={a.application} className="application">
              <h3>{a.application}</h3>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Deployment</th>
                    <th scope="col">Last push</th>
                    <th scope="col">Description</th>
                    <th scope="col">Your level</th>
                  </tr>
                </thead>
                <tbody>
                  {a.deployments.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link href={`/deployments/${d.id}`}>
                          {d.application}/{d.name}
                        </Link>
                        {d.deprecated && <span className="tag"> deprecated</span>}
                        <FrozenMark deployment={d} now={now} />
                      </td>
                      <td>
                        {d.last_push ? (
                          <>
                            <Link href={`/pushes/${d.last_push.id}`}>#{d.last_push.id}</Link>{' '}
                            <Status status={d.last_push.status} />
                            {d.last_push.tag ? (
                              <>
                                {' '}
                                <code>{d.last_push.tag}</code>
                              </>
                            ) : null}
                            <br />
                            <small>
                              {d.last_push.user}, <Time at={d.last_push.at} />
                              {d.last_push.comment ? `: ${d.last_push.comment}` : ''}
                            </small>
                          </>
                        ) : (
                          <span className="muted">never pushed</span>
                        )}
                      </td>
                      <td>{d.description}</td>
                      <td>{d.level}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </main>
  );
}

/** A deployment frozen now: pushes are refused until the window ends (unless bypassed). */
function FrozenMark({ deployment, now }: { deployment: Deployment; now: number }) {
  const w = freezeInEffect(deployment, now);
  if (!w) return null;
  return (
    <>
      <br />
      <small>
        <span aria-hidden="true">❄ </span>frozen until <Time at={w.ends_at} />: {w.reason}
      </small>
    </>
  );
}
