import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';

const byName = (name: string) => ({ params: { path: { name } } });

export function useGroups() {
  return useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups')) });
}

export function useAddGroup() {
  return useChange(
    (body: { name: string; description: string }) => unwrap(api.POST('/api/v1/groups', { body })),
    ['groups'],
  );
}

export function useDeleteGroup(name: string) {
  return useChange(() => unwrap(api.DELETE('/api/v1/groups/{name}', byName(name))), ['groups']);
}

export function useMappings(name: string) {
  return useQuery({
    queryKey: ['groups', name, 'mappings'],
    queryFn: () => unwrap(api.GET('/api/v1/groups/{name}/mappings', byName(name))),
  });
}

/** Replaces the whole list: the API takes the mappings as one value. */
export function usePutMappings(name: string) {
  return useChange(
    (mappings: string[]) => unwrap(api.PUT('/api/v1/groups/{name}/mappings', { ...byName(name), body: { mappings } })),
    ['groups', name, 'mappings'],
  );
}
