import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { NewFreeze } from '../../../lib/api/types';

export function useFreezes() {
  return useQuery({ queryKey: ['freezes'], queryFn: () => unwrap(api.GET('/api/v1/freezes')) });
}

// The same keys as the dashboard's and the admin page's, so the names come from one cache.
export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => unwrap(api.GET('/api/v1/categories')) });
}

export function useApplications() {
  return useQuery({ queryKey: ['applications'], queryFn: () => unwrap(api.GET('/api/v1/applications')) });
}

export function useDeployments() {
  return useQuery({ queryKey: ['deployments'], queryFn: () => unwrap(api.GET('/api/v1/deployments')) });
}

/** A new freeze changes what deployments say (`frozen`, `next_freeze`): they are refetched too. */
export function useCreateFreeze() {
  return useChange((body: NewFreeze) => unwrap(api.POST('/api/v1/freezes', { body })), ['freezes'], ['deployment'], ['deployments']);
}

export function useDeleteFreeze(id: number) {
  return useChange(
    () => unwrap(api.DELETE('/api/v1/freezes/{id}', { params: { path: { id } } })),
    ['freezes'],
    ['deployment'],
    ['deployments'],
  );
}
