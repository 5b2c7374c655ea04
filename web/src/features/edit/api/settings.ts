import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import { byId, keys } from './deployment';

export function useSettings(id: number) {
  return useQuery({
    queryKey: keys.part(id, 'settings'),
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/settings', byId(id))),
  });
}

/** Creates or replaces a setting. A secret's value goes out in this request only; it is never read back. */
export function usePutSetting(id: number) {
  return useChange(
    (input: { name: string; value: string; secret: boolean }) =>
      unwrap(
        api.PUT('/api/v1/deployments/{id}/settings/{name}', {
          params: { path: { id, name: input.name } },
          body: { value: input.value, secret: input.secret },
        }),
      ),
    keys.part(id, 'settings'),
  );
}

export function useDeleteSetting(id: number) {
  return useChange(
    (name: string) => unwrap(api.DELETE('/api/v1/deployments/{id}/settings/{name}', { params: { path: { id, name } } })),
    keys.part(id, 'settings'),
  );
}
