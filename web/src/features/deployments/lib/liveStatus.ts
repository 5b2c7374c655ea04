// Keeps the dashboard's last pushes current from the event stream (GET /api/v1/events/stream): each status
// change patches the one deployment it concerns in the cached list, so the page never refetches 500 rows for
// one push. The stream resumes from the last event id after a drop, so no change is missed.
import { useEffect, useState } from 'react';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema.gen';
import type { Deployment } from '../../../lib/api/types';
import { followSse } from '../../../lib/followSse';

export type FeedEvent = components['schemas']['FeedEvent'];

/** Whether `next` is newer news of a deployment's last push than `current`. News the list already shows is not
 * newer: patching must reach a fixed point, or the cache listener below would patch its own patch forever. */
function newer(current: Deployment['last_push'], next: FeedEvent['push']): boolean {
  if (!current) return true;
  if (next.id !== current.id) return next.id > current.id;
  const [was, is] = [Date.parse(current.at), Date.parse(next.at)];
  return is > was || (is === was && next.status !== current.status);
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

/** The list with every remembered event applied that is newer than what it shows. */
export function applyAll(list: Deployment[], seen: ReadonlyMap<number, FeedEvent>): Deployment[] {
  let out = list;
  for (const event of seen.values()) out = applyEvent(out, event);
  return out;
}

/** Applies the remembered events again to every list the server answers, since a fetch that started before an
 * event and answered after it would otherwise overwrite the patch with older news. Returns the unsubscribe. */
export function reapplyOnFetch(queryClient: QueryClient, seen: ReadonlyMap<number, FeedEvent>): () => void {
  return queryClient.getQueryCache().subscribe((change) => {
    const key = change.query.queryKey;
    // Only lists that came from the server: a manual update is one of this hook's own patches.
    if (
      change.type !== 'updated' ||
      change.action.type !== 'success' ||
      change.action.manual === true ||
      key.length !== 1 ||
      key[0] !== 'deployments'
    ) {
      return;
    }
    const list = change.query.state.data as Deployment[] | undefined;
    if (!list || seen.size === 0) return;
    const patched = applyAll(list, seen);
    if (patched !== list) queryClient.setQueryData<Deployment[]>(['deployments'], patched);
  });
}

/** Follows the event stream while mounted; returns whether it is connected. */
export function useLiveStatuses(): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    let last: string | null = null;
    let first = true;
    // The latest event of each deployment, for lists fetched while they happened.
    const seen = new Map<number, FeedEvent>();
    const unsubscribe = reapplyOnFetch(queryClient, seen);
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
          if (event.deployment_id !== null && event.deployment_id !== undefined) seen.set(event.deployment_id, event);
          queryClient.setQueryData<Deployment[]>(['deployments'], (list) => (list ? applyEvent(list, event) : list));
        }
        return false;
      },
    });
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, [queryClient]);
  return connected;
}
