import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { settled } from '../../api/problem';

export type Membership = Schemas['MembershipDto'];
export type MemberImportReport = Schemas['MemberImportReportDto'];

/** The footprint's members on a date (today when none is given), every one on one page. */
export function useMembers(footprintId: string | undefined, at: string | undefined) {
  return useQuery({
    queryKey: ['registry', 'members', footprintId, at],
    enabled: Boolean(footprintId),
    retry: false,
    queryFn: () => settled(api.GET('/api/v1/footprints/{footprintId}/members', { params: { path: { footprintId: footprintId! }, query: { at: at || undefined, limit: 500 } } })),
  });
}

function useMembersChange<Input, Output>(call: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['registry', 'members'] }) });
}

export function useAddMember(footprintId: string) {
  return useMembersChange((body: Schemas['AddMemberDto']) => settled(api.POST('/api/v1/footprints/{footprintId}/members', { params: { path: { footprintId } }, body })));
}

export function useEndMembership(footprintId: string) {
  return useMembersChange(({ membershipId, memberTo }: { membershipId: string; memberTo: string }) =>
    settled(api.POST('/api/v1/footprints/{footprintId}/members/{membershipId}/end', { params: { path: { footprintId, membershipId } }, body: { memberTo } })),
  );
}

/** Sends a members file as it is (text/csv): the API reads it all or nothing and names every bad row. */
export function useImportMembers(footprintId: string) {
  return useMembersChange((csv: string) =>
    settled(
      api.POST('/api/v1/footprints/{footprintId}/members/import', {
        params: { path: { footprintId } },
        body: csv,
        bodySerializer: (body: string) => body,
        headers: { 'Content-Type': 'text/csv' },
      }),
    ),
  );
}
