import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch, unwrap } from '../../../lib/api/client';
import type { LogPage } from '../../../lib/api/types';

export function usePush(id: number) {
  return useQuery({
    queryKey: ['push', id],
    queryFn: () => unwrap(api.GET('/api/v1/pushes/{id}', { params: { path: { id } } })),
  });
}

/** The caller's level on the push's deployment (for the Cancel button). */
export function useDeploymentLevel(deploymentId: number | null | undefined) {
  return useQuery({
    queryKey: ['deployment', deploymentId],
    enabled: typeof deploymentId === 'number',
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}', { params: { path: { id: deploymentId ?? 0 } } })),
    select: (d) => d.level,
  });
}

export function useCancelPush(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/pushes/{id}/cancel', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['push', id] }),
  });
}

export function logPageFetcher(id: number) {
  return (after: number, limit: number, signal?: AbortSignal): Promise<LogPage> =>
    unwrap(api.GET('/api/v1/pushes/{id}/log', { params: { path: { id }, query: { after, limit } }, signal }));
}

/** Saves the whole log as a text file (the request needs the bearer token, so no plain link). */
export async function downloadLog(id: number): Promise<void> {
  const response = await apiFetch(`/api/v1/pushes/${id}/log.txt`);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `push-${id}.log.txt`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
