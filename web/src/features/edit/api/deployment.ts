import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { DeploymentPatch } from '../../../lib/api/types';

export const byId = (id: number) => ({ params: { path: { id } } });

// The same keys as the deployment page's, so what is changed here is fresh there.
export const keys = {
  deployment: (id: number) => ['deployment', id] as const,
  part: (id: number, part: string) => ['deployment', id, part] as const,
};

export function useDeployment(id: number) {
  return useQuery({ queryKey: keys.deployment(id), queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}', byId(id))) });
}

export function useApplications() {
  return useQuery({ queryKey: ['applications'], queryFn: () => unwrap(api.GET('/api/v1/applications')) });
}

export function usePatchDeployment(id: number) {
  return useChange(
    (body: DeploymentPatch) => unwrap(api.PATCH('/api/v1/deployments/{id}', { ...byId(id), body })),
    keys.deployment(id),
    ['deployments'],
  );
}

export function useCloneDeployment(id: number) {
  return useChange(
    (body: { name: string; application_id?: number }) =>
      unwrap(api.POST('/api/v1/deployments/{id}/clone', { ...byId(id), body })),
    ['deployments'],
  );
}

export function useDeleteDeployment(id: number) {
  return useChange(() => unwrap(api.DELETE('/api/v1/deployments/{id}', byId(id))), ['deployments']);
}
