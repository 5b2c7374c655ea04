import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Status } from '../../../components/Status';
import { useDeploymentStats } from '../../../lib/api/stats';
import { durationChart, seconds } from '../lib/durations';

/**
 * Where the time of the last pushes went, stage by stage: a bar per push with its status (icon and word), a
 * segment per stage, and each stage's figure in the text under the bar. A legend names the stages; colour and
 * pattern only repeat what the words say.
 */
export function DurationsSection({ id }: { id: number }) {
  const stats = useDeploymentStats(id);
  const chart = stats.data ? durationChart(stats.data) : { bars: [], legend: [] };
  return (
    <section aria-labelledby="durations-h">
      <h2 id="durations-h">Durations</h2>
      <ErrorMessage error={stats.error} />
      {stats.data && chart.bars.length === 0 && <p>No push has run yet.</p>}
      {chart.legend.length > 0 && (
        <ul className="durations-legend" aria-label="Stages in the chart">
          {chart.legend.map((entry) => (
            <li key={entry.name}>
              <span className={`swatch segment-${entry.look}`} aria-hidden="true" /> {entry.name}
            </li>
          ))}
        </ul>
      )}
      <ul className="durations" aria-label="Durations of the latest pushes">
        {chart.bars.map((bar) => (
          <li key={bar.pushId}>
            <Link href={`/pushes/${bar.pushId}`}>#{bar.pushId}</Link> <Status status={bar.status} />, {seconds(bar.total)}
            <span className="bar" aria-hidden="true">
              {bar.segments.map((s, i) => (
                <span key={i} className={`segment segment-${s.look}`} style={{ width: `${s.percent}%` }} title={`${s.name}: ${seconds(s.seconds)}`} />
              ))}
            </span>
            <span className="bar-stages">{bar.segments.map((s) => `${s.name} ${seconds(s.seconds)}`).join(' · ')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
