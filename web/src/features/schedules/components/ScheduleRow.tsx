import { ErrorMessage } from '../../../components/ErrorMessage';
import type { Schedule } from '../../../lib/api/types';
import { useDeleteSchedule, useToggleSchedule } from '../api/queries';
import { ruleText } from '../lib/rule';
import { LocalTime } from './LocalTime';
import { RunOutcome } from './RunOutcome';

/** How many of the coming fire times and latest ticks a row shows. */
const SHOWN = 3;

interface Props {
  deploymentId: number;
  schedule: Schedule;
  canEdit: boolean;
  onEdit(): void;
}

/** One schedule: its rule, flags, owner, next fire times, latest ticks, and (for editors) editing it, turning it
 *  off or on and deleting it. */
export function ScheduleRow({ deploymentId, schedule: s, canEdit, onEdit }: Props) {
  const remove = useDeleteSchedule(deploymentId, s.id);
  const toggle = useToggleSchedule(deploymentId, s.id);
  const flags = Object.entries(s.flags as Record<string, string>);
  return (
    <tr aria-label={`Schedule ${s.id}`}>
      <td>#{s.id}</td>
      <td>
        {ruleText(s)}
        {s.cron ? (
          <>
            {' '}
            <code>{s.cron}</code>
          </>
        ) : (
          s.at && (
            <>
              , <LocalTime at={s.at} />
            </>
          )
        )}
        {!s.enabled && <span className="tag"> disabled</span>}
        {s.comment && <div className="muted">{s.comment}</div>}
      </td>
      <td>
        {flags.length === 0 ? (
          <span className="muted">defaults</span>
        ) : (
          flags.map(([name, value]) => (
            <div key={name}>
              <code>
                {name}={value}
              </code>
            </div>
          ))
        )}
      </td>
      <td>{s.owner}</td>
      <td>
        {s.next_fires.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul>
            {s.next_fires.slice(0, SHOWN).map((t) => (
              <li key={t}>
                <LocalTime at={t} />
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {s.recent_runs.length === 0 ? (
          <span className="muted">not yet</span>
        ) : (
          <ul aria-label={`Latest ticks of schedule ${s.id}`}>
            {s.recent_runs.slice(0, SHOWN).map((r) => (
              <RunOutcome key={r.fire_at} run={r} />
            ))}
          </ul>
        )}
      </td>
      {canEdit && (
        <td>
          <button type="button" onClick={onEdit}>
            Edit schedule {s.id}
          </button>{' '}
          <button type="button" onClick={() => toggle.mutate(!s.enabled)} disabled={toggle.isPending}>
            {s.enabled ? 'Turn off' : 'Turn on'} schedule {s.id}
          </button>{' '}
          <ErrorMessage error={toggle.error} />
          <button
            type="button"
            onClick={() => window.confirm(`Delete schedule #${s.id} (${ruleText(s)})? The pushes it made stay.`) && remove.mutate()}
            disabled={remove.isPending}
          >
            Delete schedule {s.id}
          </button>
          <ErrorMessage error={remove.error} />
        </td>
      )}
    </tr>
  );
}
