import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api/client';
import type { RolfImport, RolfImportReport } from '../../../lib/api/types';

// A real import may create recipes, groups, categories, applications and deployments (with their parts).
const STALE = [['recipes'], ['groups'], ['categories'], ['applications'], ['deployments'], ['deployment']];

/** Imports a cookbook CSV and a dump of the original Rolf (admins), or only shows what it would do (dry run). */
export function useImportRolf() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, dryRun }: { body: RolfImport; dryRun: boolean }) => {
      const response = await apiFetch(`/api/v1/import/rolf?dry_run=${dryRun}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as RolfImportReport;
    },
    onSuccess: (report) =>
      report.dry_run ? undefined : Promise.all(STALE.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
