import { Link } from 'wouter';
import type { ScheduleRun } from '../../../lib/api/types';
import { OUTCOME } from '../lib/rule';
import { LocalTime } from './LocalTime';

// The push statuses' colors, by what a tick's outcome means.
const LOOK_CLASS = { pushed: 'status-succeeded', frozen: 'status-paused', missed: 'status-cancelled', failed: 'status-failed' } as const;

/** One tick: when, what it did (icon and word), the push it made, and why when it made none. */
export function RunOutcome({ run }: { run: ScheduleRun }) {
  const look = OUTCOME[run.outcome] ?? { icon: '•', label: run.outcome };
  return (
    <li>
      <LocalTime at={run.fire_at} />{' '}
      <span className={`status ${LOOK_CLASS[run.outcome] ?? ''}`}>
        <span aria-hidden="true" className="status-icon">
          {look.icon}
        </span>{' '}
        {look.label}
      </span>
      {run.push_id != null && (
        <>
          {' '}
          <Link href={`/pushes/${run.push_id}`}>push #{run.push_id}</Link>
        </>
      )}
      {run.detail && <small className="muted"> {run.detail}</small>}
    </li>
  );
}
