import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { NewSchedule, Schedule } from '../../../lib/api/types';

/** Refetched often while a schedule is about to fire or a one-off has just come due (to show its tick soon
 *  after), rarely otherwise. */
export const SOON_MS = 2_000;
export const IDLE_MS = 30_000;

export function refetchDelay(schedules: Schedule[] | undefined, now = Date.now()): number {
  const soon = (t: string) => Math.abs(Date.parse(t) - now) < 2 * 60_000;
  const due = (schedules ?? []).some(
    (s) => s.next_fires.slice(0, 1).some(soon) || (s.at && s.enabled && soon(s.at) && s.recent_runs.length === 0),
  );
  return due ? SOON_MS : IDLE_MS;
}

const key = (id: number) => ['deployment', id, 'schedules'];

export function useSchedules(id: number) {
  return useQuery({
    queryKey: key(id),
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/schedules', { params: { path: { id } } })),
    refetchInterval: (query) => refetchDelay(query.state.data),
  });
}

// The same key as the deployment page's, so the flags come from one cache.
export function useFlags(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'flags'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/flags', { params: { path: { id } } })),
  });
}

export function useCreateSchedule(id: number) {
  return useChange(
    (body: NewSchedule) => unwrap(api.POST('/api/v1/deployments/{id}/schedules', { params: { path: { id } }, body })),
    key(id),
  );
}

export function useReplaceSchedule(id: number, scheduleId: number) {
  return useChange(
    (body: NewSchedule) =>
      unwrap(api.PUT('/api/v1/deployments/{id}/schedules/{schedule_id}', { params: { path: { id, schedule_id: scheduleId } }, body })),
    key(id),
  );
}

export function useDeleteSchedule(id: number, scheduleId: number) {
  return useChange(
    () => unwrap(api.DELETE('/api/v1/deployments/{id}/schedules/{schedule_id}', { params: { path: { id, schedule_id: scheduleId } } })),
    key(id),
  );
}

export function useToggleSchedule(id: number, scheduleId: number) {
  return useChange(
    (enabled: boolean) =>
      unwrap(
        api.PATCH('/api/v1/deployments/{id}/schedules/{schedule_id}', {
          params: { path: { id, schedule_id: scheduleId } },
          body: { enabled },
        }),
      ),
    key(id),
  );
}
