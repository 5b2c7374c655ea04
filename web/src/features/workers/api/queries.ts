import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';

/** Heartbeats come every few seconds: the list is refreshed now and then while shown. */
export const WORKERS_REFRESH_MS = 10_000;

export function useWorkers() {
  return useQuery({
    queryKey: ['workers'],
    queryFn: () => unwrap(api.GET('/api/v1/workers')),
    refetchInterval: WORKERS_REFRESH_MS,
  });
}
