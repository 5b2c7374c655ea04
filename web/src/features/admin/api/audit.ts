import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import type { AuditFilters } from '../lib/auditFilters';

export interface AuditQuery {
  deploymentId: number | null;
  filters: AuditFilters;
  limit: number;
  before: number | null;
}

export function useAudit(q: AuditQuery) {
  return useQuery({
    queryKey: ['audit', q],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              limit: q.limit,
              ...q.filters,
              ...(q.deploymentId ? { deployment_id: q.deploymentId } : {}),
              ...(q.before ? { before: q.before } : {}),
            },
          },
        }),
      ),
  });
}
