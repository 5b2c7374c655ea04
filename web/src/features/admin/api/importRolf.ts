import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import type { RolfImport } from '../../../lib/api/types';

// A real import may create recipes, groups, categories, applications and deployments (with their parts).
const STALE = [['recipes'], ['groups'], ['categories'], ['applications'], ['deployments'], ['deployment']];

/** Imports a cookbook CSV and a dump of the original Rolf (admins), or only shows what it would do (dry run). */
export function useImportRolf() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, dryRun }: { body: RolfImport; dryRun: boolean }) =>
      unwrap(api.POST('/api/v1/import/rolf', { params: { query: { dry_run: dryRun } }, body })),
    onSuccess: (report) =>
      report.dry_run ? undefined : Promise.all(STALE.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
