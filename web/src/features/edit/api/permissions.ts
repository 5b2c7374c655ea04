import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { Level } from '../../../lib/api/types';
import { byId, keys } from './deployment';

export function usePermissions(id: number) {
  return useQuery({
    queryKey: keys.part(id, 'permissions'),
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/permissions', byId(id))),
  });
}

export function useGrant(id: number) {
  return useChange(
    ({ group, level }: { group: string; level: Level }) =>
      unwrap(api.PUT('/api/v1/deployments/{id}/permissions/{group}', { params: { path: { id, group } }, body: { level } })),
    keys.part(id, 'permissions'),
    keys.part(id, 'access'),
  );
}

export function useRevoke(id: number) {
  return useChange(
    (group: string) =>
      unwrap(api.DELETE('/api/v1/deployments/{id}/permissions/{group}', { params: { path: { id, group } } })),
    keys.part(id, 'permissions'),
    keys.part(id, 'access'),
  );
}
