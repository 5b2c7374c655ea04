import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useDeploymentStats } from '../../../lib/api/stats';
import { durationBars, seconds } from '../lib/durations';

/** Where the time of the last pushes went, stage by stage: a bar per push, each segment named in its text. */
export function DurationsSection({ id }: { id: number }) {
  const stats = useDeploymentStats(id);
  const bars = stats.data ? durationBars(stats.data) : [];
  return (
    <section aria-labelledby="durations-h">
      <h2 id="durations-h">Durations</h2>
      <ErrorMessage error={stats.error} />
      {stats.data && bars.length === 0 && <p>No push has run yet.</p>}
      <ul className="durations" aria-label="Durations of the latest pushes">
        {bars.map((bar) => (
          <li key={bar.pushId}>
            <Link href={`/pushes/${bar.pushId}`}>#{bar.pushId}</Link> {bar.status}, {seconds(bar.total)}
            <span className="bar" aria-hidden="true">
              {bar.segments.map((s, i) => (
                <span key={i} className={`segment segment-${i % 6}`} style={{ width: `${s.percent}%` }} title={`${s.name}: ${seconds(s.seconds)}`} />
              ))}
            </span>
            <span className="visually-hidden">
              {bar.segments.map((s) => `${s.name} ${seconds(s.seconds)}`).join(', ')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
