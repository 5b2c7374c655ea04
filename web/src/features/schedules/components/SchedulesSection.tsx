import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorMessage } from '../../../components/ErrorMessage';
import type { Schedule } from '../../../lib/api/types';
import { useFlags, useSchedules } from '../api/queries';
import { ScheduleForm } from './ScheduleForm';
import { ScheduleRow } from './ScheduleRow';

/** A deployment's scheduled pushes; editors add, edit and delete them. */
export function SchedulesSection({ deploymentId, canEdit }: { deploymentId: number; canEdit: boolean }) {
  const schedules = useSchedules(deploymentId);
  const flags = useFlags(deploymentId);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Schedule | null>(null);
  const queryClient = useQueryClient();
  // A tick that made a push shows it in the history too.
  const latestPush = Math.max(0, ...(schedules.data ?? []).flatMap((s) => s.recent_runs.map((r) => r.push_id ?? 0)));
  useEffect(() => {
    if (latestPush) void queryClient.invalidateQueries({ queryKey: ['deployment', deploymentId, 'pushes'] });
  }, [latestPush, deploymentId, queryClient]);

  const list = schedules.data ?? [];
  return (
    <section aria-labelledby="schedules-h">
      <h2 id="schedules-h">Schedules</h2>
      <p className="muted">
        Scheduled pushes are made as their owner, with the owner's rights at the time; approvals and freeze windows
        apply to them as to any push. Times are in your time zone; hover one for UTC.
      </p>
      <ErrorMessage error={schedules.error} />
      {schedules.isSuccess && list.length === 0 && <p>No schedules.</p>}
      {list.length > 0 && (
        <table>
          <caption className="visually-hidden">Schedules</caption>
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">Rule</th>
              <th scope="col">Flags</th>
              <th scope="col">Owner</th>
              <th scope="col">Next</th>
              <th scope="col">Latest ticks</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <ScheduleRow
                key={s.id}
                deploymentId={deploymentId}
                schedule={s}
                canEdit={canEdit}
                onEdit={() => {
                  setAdding(false);
                  setEditing(s);
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      {canEdit && editing && flags.data && (
        <ScheduleForm key={editing.id} deploymentId={deploymentId} flags={flags.data} existing={editing} onCancel={() => setEditing(null)} />
      )}
      {canEdit && !adding && !editing && (
        <button
          type="button"
          onClick={() => setAdding(true)}
          disabled={!flags.data}
        >
          New schedule
        </button>
      )}
      {canEdit && adding && flags.data && (
        <ScheduleForm deploymentId={deploymentId} flags={flags.data} onCancel={() => setAdding(false)} />
      )}
    </section>
  );
}
