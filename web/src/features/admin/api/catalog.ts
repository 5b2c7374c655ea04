import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';

const path = (id: number) => ({ params: { path: { id } } });
// Renames and deletions change what the dashboard groups by, so its lists refetch too.
const catalog = [['categories'], ['applications'], ['deployments']] as const;

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => unwrap(api.GET('/api/v1/categories')) });
}

export function useApplications() {
  return useQuery({ queryKey: ['applications'], queryFn: () => unwrap(api.GET('/api/v1/applications')) });
}

export function useDeployments() {
  return useQuery({ queryKey: ['deployments'], queryFn: () => unwrap(api.GET('/api/v1/deployments')) });
}

export function useAddCategory() {
  return useChange((name: string) => unwrap(api.POST('/api/v1/categories', { body: { name } })), ...catalog);
}

export function useRenameCategory(id: number) {
  return useChange((name: string) => unwrap(api.PATCH('/api/v1/categories/{id}', { ...path(id), body: { name } })), ...catalog);
}

export function useDeleteCategory(id: number) {
  return useChange(() => unwrap(api.DELETE('/api/v1/categories/{id}', path(id))), ...catalog);
}

export function useAddApplication(categoryId: number) {
  return useChange(
    (name: string) => unwrap(api.POST('/api/v1/applications', { body: { name, category_id: categoryId } })),
    ...catalog,
  );
}

export function useRenameApplication(id: number) {
  return useChange((name: string) => unwrap(api.PATCH('/api/v1/applications/{id}', { ...path(id), body: { name } })), ...catalog);
}

export function useDeleteApplication(id: number) {
  return useChange(() => unwrap(api.DELETE('/api/v1/applications/{id}', path(id))), ...catalog);
}

export function useAddDeployment() {
  return useChange(
    (body: { application_id: number; name: string; description: string }) => unwrap(api.POST('/api/v1/deployments', { body })),
    ...catalog,
  );
}
