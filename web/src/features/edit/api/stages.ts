import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { NewStage, StagePatch } from '../../../lib/api/types';
import { byId, keys } from './deployment';

export function useStages(id: number) {
  return useQuery({
    queryKey: keys.part(id, 'stages'),
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{id}/stages', byId(id))),
  });
}

export function useRecipes() {
  return useQuery({ queryKey: ['recipes'], queryFn: () => unwrap(api.GET('/api/v1/recipes')) });
}

export function useAddStage(id: number) {
  return useChange(
    (body: NewStage) => unwrap(api.POST('/api/v1/deployments/{id}/stages', { ...byId(id), body })),
    keys.part(id, 'stages'),
  );
}

export function usePatchStage(id: number) {
  return useChange(
    ({ stageId, body }: { stageId: number; body: StagePatch }) =>
      unwrap(api.PATCH('/api/v1/stages/{id}', { params: { path: { id: stageId } }, body })),
    keys.part(id, 'stages'),
    ['recipe-usages'],
  );
}

export function useDeleteStage(id: number) {
  return useChange(
    (stageId: number) => unwrap(api.DELETE('/api/v1/stages/{id}', { params: { path: { id: stageId } } })),
    keys.part(id, 'stages'),
  );
}

export function useReorderStages(id: number) {
  return useChange(
    (stageIds: number[]) =>
      unwrap(api.PUT('/api/v1/deployments/{id}/stages/order', { ...byId(id), body: { stage_ids: stageIds } })),
    keys.part(id, 'stages'),
  );
}
