import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api/client';
import type { ApplyReport } from '../../../lib/api/types';
import { documentType } from '../lib/report';

/** Saves the deployment's document as a YAML file (the request needs the bearer token, so no plain link). */
export async function downloadDocument(id: number, fileName: string): Promise<void> {
  const response = await apiFetch(`/api/v1/deployments/${id}/export`, { headers: { Accept: 'application/yaml' } });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Sends a document as it was typed or uploaded, JSON or YAML, for a dry run or for real. */
export async function applyDocument(text: string, dryRun: boolean): Promise<ApplyReport> {
  const response = await apiFetch(`/api/v1/deployments/apply${dryRun ? '?dry_run=true' : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': documentType(text) },
    body: text,
  });
  return (await response.json()) as ApplyReport;
}

/** Applying for real: every deployment query is stale afterwards (the document may name another deployment). */
export function useApplyDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => applyDocument(text, false),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['deployment'] }),
        queryClient.invalidateQueries({ queryKey: ['deployments'] }),
      ]),
  });
}

export function useDryRun() {
  return useMutation({ mutationFn: (text: string) => applyDocument(text, true) });
}
