import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { FlagPatch, NewFlag } from '../../../lib/api/types';
import { byId, keys } from './deployment';

export function useFlags(id: number) {
  return useQuery({
    queryKey: keys.part(id, 'flags'),
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/flags', byId(id))),
  });
}

export function useAddFlag(id: number) {
  return useChange(
    (body: NewFlag) => unwrap(api.POST('/api/v1/deployments/{id}/flags', { ...byId(id), body })),
    keys.part(id, 'flags'),
  );
}

export function usePatchFlag(id: number) {
  return useChange(
    ({ flagId, body }: { flagId: number; body: FlagPatch }) =>
      unwrap(api.PATCH('/api/v1/deployments/{id}/flags/{flag_id}', { params: { path: { id, flag_id: flagId } }, body })),
    keys.part(id, 'flags'),
  );
}

export function useDeleteFlag(id: number) {
  return useChange(
    (flagId: number) =>
      unwrap(api.DELETE('/api/v1/deployments/{id}/flags/{flag_id}', { params: { path: { id, flag_id: flagId } } })),
    keys.part(id, 'flags'),
  );
}
