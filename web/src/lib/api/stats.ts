import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** GET /deployments/{id}/stats: the latest pushes' stage durations and per-stage estimates. */
export function useDeploymentStats(id: number | null | undefined) {
  return useQuery({
    queryKey: ['deployment', id, 'stats'],
    enabled: typeof id === 'number',
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/stats', { params: { path: { id: id ?? 0 } } })),
  });
}
