import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch, unwrap } from '../../../lib/api/client';
import type { LogPage, Push } from '../../../lib/api/types';

export function usePush(id: number) {
  return useQuery({
    queryKey: ['push', id],
    queryFn: () => unwrap(api.GET('/api/v1/pushes/{id}', { params: { path: { id } } })),
  });
}

/** The caller's level on the push's deployment (for the Cancel, Continue and Resume buttons). */
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

/** Continues a push paused in step mode; the answer (running again) replaces the cached push. */
export function useContinuePush(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/pushes/{id}/continue', { params: { path: { id } } })),
    onSuccess: (push) => queryClient.setQueryData(['push', id], push),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['push', id] }),
  });
}

/** Resumes a failed, cancelled or lost push: the answer is the new push that reruns it. */
export function useResumePush(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<Push> =>
      unwrap(api.POST('/api/v1/pushes/{id}/resume', { params: { path: { id } }, body: {} })) as Promise<Push>,
    onSuccess: (push) => {
      queryClient.setQueryData(['push', push.id], push);
      if (push.deployment_id) void queryClient.invalidateQueries({ queryKey: ['deployment', push.deployment_id, 'pushes'] });
    },
  });
}

/** What the push changed against the deployment's last succeeded push before it. Both sides are snapshots, so
 *  the answer never changes: kept apart from ['push', id], which live events refetch. */
export function usePushDiff(id: number) {
  return useQuery({
    queryKey: ['push-diff', id],
    queryFn: () => unwrap(api.GET('/api/v1/pushes/{id}/diff', { params: { path: { id } } })),
    staleTime: Infinity,
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
