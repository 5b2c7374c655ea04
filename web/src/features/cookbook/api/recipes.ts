import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { CookbookFile, NewRecipe } from '../../../lib/api/types';

export function useRecipes() {
  return useQuery({ queryKey: ['recipes'], queryFn: () => unwrap(api.GET('/api/v1/recipes')) });
}

export function useUsages(id: number) {
  return useQuery({
    queryKey: ['recipe-usages', id],
    queryFn: () => unwrap(api.GET('/api/v1/recipes/{id}/usages', { params: { path: { id } } })),
  });
}

export function useAddRecipe() {
  return useChange((body: NewRecipe) => unwrap(api.POST('/api/v1/recipes', { body })), ['recipes']);
}

export function usePatchRecipe(id: number) {
  return useChange(
    (body: Partial<NewRecipe>) => unwrap(api.PATCH('/api/v1/recipes/{id}', { params: { path: { id } }, body })),
    ['recipes'],
  );
}

export function useDeleteRecipe(id: number) {
  return useChange(() => unwrap(api.DELETE('/api/v1/recipes/{id}', { params: { path: { id } } })), ['recipes']);
}

/** Imports a cookbook file (admins): recipes matched by name, so importing again updates in place. */
export function useImportCookbook() {
  return useChange((body: CookbookFile) => unwrap(api.POST('/api/v1/recipes/import', { body })), ['recipes']);
}
