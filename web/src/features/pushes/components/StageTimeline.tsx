import { Link } from 'wouter';
import { Status } from '../../../components/Status';
import { duration } from '../../../components/Time';
import type { PushStage } from '../../../lib/api/types';
import { useNow } from '../../../lib/useNow';
import { stageProgress } from '../lib/progress';

interface Props {
  stages: PushStage[];
  /** Seconds by stage name: the median of its recent successful runs. */
  estimates?: Record<string, number>;
  /** While the push is paused in step mode: the position of the stage that runs on continue. */
  pausedBefore?: number | null;
}

/** The push's stages in order, each with its status (icon and word), duration and exit code; a running stage
 *  with a progress bar against the median of its recent successful runs; a stage a resumed push skipped links
 *  the push it succeeded in; the stage a paused push waits before says so. */
export function StageTimeline({ stages, estimates = {}, pausedBefore = null }: Props) {
  // Every second while a stage runs, so its progress moves.
  const now = useNow(1000, stages.some((s) => s.status === 'running'));
  if (!stages.length) return <p>This push has no stages.</p>;
  return (
    <ol className="timeline" aria-label="Stages">
      {stages.map((s) => {
        const progress = s.status === 'running' ? stageProgress(s.started_at, estimates[s.name], now) : null;
        return (
          <li key={s.position} className={`stage stage-${s.status}`}>
            <span className="stage-name">{s.name}</span> <Status status={s.status} />
            {s.succeeded_in ? (
              <span className="stage-meta">
                : succeeded in <Link href={`/pushes/${s.succeeded_in}`}>push #{s.succeeded_in}</Link>
              </span>
            ) : null}
            {pausedBefore === s.position && <span className="stage-meta"> · next: waits for Continue</span>}
            <span className="stage-meta">
              {s.started_at ? ` · ${duration(s.started_at, s.finished_at, now)}` : ''}
              {s.exit_code !== null && s.exit_code !== undefined ? ` · exit code ${s.exit_code}` : ''}
            </span>
            {progress && (
              <>
                <progress value={progress.elapsed} max={progress.expected} aria-label={`${s.name} progress`} />
                <span className="stage-meta"> {progress.text}</span>
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}
