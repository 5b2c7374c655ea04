import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import type { NewPush, Push } from '../../../lib/api/types';

export const HISTORY_PAGE = 20;

/** Last pushes come live from the event stream (lib/liveStatus.ts); this slow refresh only picks up new
 *  deployments and changed grants. */
export const DASHBOARD_REFRESH_MS = 60_000;

export function useDeployments() {
  return useQuery({
    queryKey: ['deployments'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments')),
    refetchInterval: DASHBOARD_REFRESH_MS,
  });
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => unwrap(api.GET('/api/v1/categories')) });
}

const byId = (id: number) => ({ params: { path: { id } } });

export function useDeployment(id: number) {
  return useQuery({ queryKey: ['deployment', id], queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}', byId(id))) });
}

export function useStages(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'stages'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/stages', byId(id))),
  });
}

export function useSettings(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'settings'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/settings', byId(id))),
  });
}

export function useFlags(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'flags'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/flags', byId(id))),
  });
}

/** What a push made now would change: the configuration as it is (flags at their defaults) against the last
 *  succeeded push. */
export function useDeploymentDiff(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'diff'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/diff', byId(id))),
  });
}

export function usePermissions(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'permissions'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/permissions', byId(id))),
  });
}

export function useAccess(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'access'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/access', byId(id))),
  });
}

export function useTags(id: number) {
  return useQuery({
    queryKey: ['deployment', id, 'tags'],
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/tags', byId(id))),
  });
}

/** One page of the history: pushes older than `before` (the newest page when null). */
export function useHistory(id: number, before: number | null) {
  return useQuery({
    queryKey: ['deployment', id, 'pushes', before],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/deployments/{id}/pushes', {
          params: { path: { id }, query: { limit: HISTORY_PAGE, ...(before ? { before } : {}) } },
        }),
      ),
  });
}

export function useStartPush(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPush): Promise<Push> =>
      unwrap(api.POST('/api/v1/deployments/{id}/pushes', { params: { path: { id } }, body })) as Promise<Push>,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['deployment', id, 'pushes'] }),
  });
}

export function usePutSetting(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; value: string; secret: boolean }) =>
      unwrap(
        api.PUT('/api/v1/deployments/{id}/settings/{name}', {
          params: { path: { id, name: input.name } },
          body: { value: input.value, secret: input.secret },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['deployment', id, 'settings'] }),
  });
}
