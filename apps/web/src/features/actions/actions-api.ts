import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { settled } from '../../api/problem';
import { can } from '../../auth/access';
import type { Account } from '../../auth/use-account';

export type Action = Schemas['ActionDto'];
export type ActionDetail = Schemas['ActionDetailDto'];
export type ActionStatus = Schemas['ActionStatus'];
export const STATUSES: readonly ActionStatus[] = ['planned', 'in_progress', 'done', 'dropped'];

/**
 * Who may record and update the footprint's actions (`action.manage`): its leads and platform
 * admins, the same people who manage its alerts. Analysts read only; the API refuses them too.
 */
export function canManageActions(account: Account | null, footprintId: string): boolean {
  return can(account, 'action.manage', footprintId);
}

export interface ActionFilters {
  status?: ActionStatus;
  overdue?: boolean;
}

/** The footprint's actions under the filters, newest first (every page). */
export function useActions(footprintId: string, filters: ActionFilters) {
  return useQuery({
    queryKey: ['actions', footprintId, filters],
    queryFn: async () => {
      const items: Action[] = [];
      let cursor: string | undefined;
      do {
        const page = await settled(api.GET('/api/v1/footprints/{footprintId}/actions', { params: { path: { footprintId }, query: { ...filters, limit: 100, cursor } } }));
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    },
  });
}

/** One action with its updates and its before/after figures per later round. */
export function useAction(actionId: string) {
  return useQuery({
    queryKey: ['action', actionId],
    retry: false,
    queryFn: () => settled(api.GET('/api/v1/actions/{actionId}', { params: { path: { actionId } } })),
  });
}

/** The signed-in person's overdue actions (the in-app side of the overdue reminder), every footprint. */
export function useOverdueActions() {
  return useQuery({
    queryKey: ['actions', 'overdue', 'me'],
    queryFn: async () => (await settled(api.GET('/api/v1/me/actions/overdue', { params: { query: { limit: 100 } } }))).items,
  });
}

export function useCreateAction(footprintId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateActionDto']) => settled(api.POST('/api/v1/footprints/{footprintId}/actions', { params: { path: { footprintId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['actions'] }),
  });
}

export function useAddActionUpdate(actionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['AddActionUpdateDto']) => settled(api.POST('/api/v1/actions/{actionId}/updates', { params: { path: { actionId } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['action', actionId] });
      await queryClient.invalidateQueries({ queryKey: ['actions'] });
    },
  });
}
