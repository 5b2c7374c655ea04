import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import type { Push } from '../../../lib/api/types';

/** Refreshed now and then: pushes wanting the caller's approval come from other people. */
export const QUEUE_REFRESH_MS = 30_000;

/** How often a push page re-reads a push that waits (for approvals, a freeze's end or a worker). */
export const WAITING_REFRESH_MS = 15_000;

/** The pushes awaiting an approval the caller may give (and has not given), oldest first. */
export function useApprovalQueue() {
  return useQuery({
    queryKey: ['approvals'],
    queryFn: () => unwrap(api.GET('/api/v1/approvals')),
    refetchInterval: QUEUE_REFRESH_MS,
  });
}

/** The push's deployment (its approver group and the caller's level), from the same cache as its page. */
export function useDeploymentOf(deploymentId: number | null | undefined) {
  return useQuery({
    queryKey: ['deployment', deploymentId],
    enabled: typeof deploymentId === 'number',
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}', { params: { path: { id: deploymentId ?? 0 } } })),
  });
}

/** Approves or rejects: the answer (the push as it is now) replaces the cached one. */
export function useDecide(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ decision, comment }: { decision: 'approve' | 'reject'; comment: string }): Promise<Push> => {
      const path = decision === 'approve' ? '/api/v1/pushes/{id}/approve' : '/api/v1/pushes/{id}/reject';
      const body = comment ? { comment } : {};
      return unwrap(api.POST(path, { params: { path: { id } }, body })) as Promise<Push>;
    },
    onSuccess: (push) => queryClient.setQueryData(['push', id], push),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['push', id] }),
        queryClient.invalidateQueries({ queryKey: ['approvals'] }),
      ]),
  });
}
