import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { NewWebhook } from '../../../lib/api/types';
import { byId, keys } from './deployment';

export const DELIVERIES_SHOWN = 10;

export function useWebhooks(id: number) {
  return useQuery({
    queryKey: keys.part(id, 'webhooks'),
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/webhooks', byId(id))),
  });
}

/** While a delivery is pending (retried with backoff by the workers), how often its outcome is asked for. */
export const PENDING_REFRESH_MS = 5_000;

export function useDeliveries(id: number, webhookId: number) {
  return useQuery({
    queryKey: [...keys.part(id, 'webhooks'), webhookId, 'deliveries'],
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'pending') ? PENDING_REFRESH_MS : false),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/deployments/{id}/webhooks/{webhook_id}/deliveries', {
          params: { path: { id, webhook_id: webhookId }, query: { limit: DELIVERIES_SHOWN } },
        }),
      ),
  });
}

export function useAddWebhook(id: number) {
  return useChange(
    (body: NewWebhook) => unwrap(api.POST('/api/v1/deployments/{id}/webhooks', { ...byId(id), body })),
    keys.part(id, 'webhooks'),
  );
}

export function useDeleteWebhook(id: number) {
  return useChange(
    (webhookId: number) =>
      unwrap(
        api.DELETE('/api/v1/deployments/{id}/webhooks/{webhook_id}', { params: { path: { id, webhook_id: webhookId } } }),
      ),
    keys.part(id, 'webhooks'),
  );
}
