// Keeps the dashboard's last pushes current from the event stream (GET /api/v1/events/stream): each status
// change patches the one deployment it concerns in the cached list, so the page never refetches 500 rows for
// one push. The stream resumes from the last event id after a drop, so no change is missed.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema.gen';
import type { Deployment } from '../../../lib/api/types';
import { followSse } from '../../../lib/followSse';

export type FeedEvent = components['schemas']['FeedEvent'];

/** Whether `next` is newer news of a deployment's last push than `current`. */
function newer(current: Deployment['last_push'], next: FeedEvent['push']): boolean {
  if (!current) return true;
  if (next.id !== current.id) return next.id > current.id;
  return Date.parse(next.at) >= Date.parse(current.at);
}

/** The list with the event applied; the same list when it changes nothing shown. */
export function applyEvent(list: Deployment[], event: FeedEvent): Deployment[] {
  const index = list.findIndex((d) => d.id === event.deployment_id);
  const target = list[index];
  if (!target || !newer(target.last_push, event.push)) return list;
  const copy = list.slice();
  copy[index] = { ...target, last_push: event.push };
  return copy;
}

/** Follows the event stream while mounted; returns whether it is connected. */
export function useLiveStatuses(): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    let last: string | null = null;
    let first = true;
    void followSse({
      path: () => '/api/v1/events/stream',
      headers: (): Record<string, string> => (last === null ? {} : { 'Last-Event-ID': last }),
      fetch: apiFetch,
      signal: controller.signal,
      onConnected: (c) => {
        setConnected(c);
        // The list may predate the stream's start: fetch it once more now that no later change can be missed.
        if (c && first) {
          first = false;
          void queryClient.invalidateQueries({ queryKey: ['deployments'] });
        }
      },
      onEvents: (events) => {
        for (const e of events) {
          if (e.event !== 'push') continue;
          if (e.id !== null) last = e.id;
          const event = JSON.parse(e.data) as FeedEvent;
          queryClient.setQueryData<Deployment[]>(['deployments'], (list) => (list ? applyEvent(list, event) : list));
        }
        return false;
      },
    });
    return () => controller.abort();
  }, [queryClient]);
  return connected;
}
