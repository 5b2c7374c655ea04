import { Status } from '../../../components/Status';
import { duration } from '../../../components/Time';
import type { PushStage } from '../../../lib/api/types';

/** The push's stages in order, each with its status (icon and word), duration and exit code. */
export function StageTimeline({ stages }: { stages: PushStage[] }) {
  if (!stages.length) return <p>This push has no stages.</p>;
  return (
    <ol className="timeline" aria-label="Stages">
      {stages.map((s) => (
        <li key={s.position} className={`stage stage-${s.status}`}>
          <span className="stage-name">{s.name}</span> <Status status={s.status} />
          <span className="stage-meta">
            {s.started_at ? ` · ${duration(s.started_at, s.finished_at)}` : ''}
            {s.exit_code !== null && s.exit_code !== undefined ? ` · exit code ${s.exit_code}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
