import { useQueries, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { ApiProblem, settled } from '../../api/problem';
import { useAccount } from '../../auth/use-account';

export type Invitation = Schemas['OrganisationInvitationDto'];

/** The invitations of every organisation the account submits for (its org_submitter grants), newest first. */
export function useMyInvitations(): { invitations: Invitation[]; organisations: number; isLoading: boolean; failed: boolean } {
  const { account, isLoading: accountLoading } = useAccount();
  const organisationIds = [...new Set((account?.grants ?? []).filter((g) => g.role === 'org_submitter' && g.organisationId).map((g) => g.organisationId as string))];
  const results = useQueries({
    queries: organisationIds.map((organisationId) => ({
      queryKey: ['invitations', organisationId],
      queryFn: async () => {
        const { data, error } = await api.GET('/api/v1/organisations/{organisationId}/invitations', { params: { path: { organisationId }, query: { limit: 100 } } });
        if (error) throw new Error(error.detail);
        return data.items;
      },
    })),
  });
  const invitations = results.flatMap((r) => r.data ?? []).sort((a, b) => b.round.opensAt.localeCompare(a.round.opensAt));
  return { invitations, organisations: organisationIds.length, isLoading: accountLoading || results.some((r) => r.isLoading), failed: results.some((r) => r.isError) };
}

/** The form of one invitation and, while its round is open, the account's earlier answers to pre-fill it (null when none). */
export function useInvitationForm(invitationId: string) {
  return useQuery({
    queryKey: ['invitation-form', invitationId],
    retry: false,
    queryFn: async () => {
      const form = await settled(api.GET('/api/v1/invitations/{invitationId}/form', { params: { path: { invitationId } } }));
      const earlier = await api.GET('/api/v1/rounds/{roundId}/responses/mine', { params: { path: { roundId: form.round.id } } });
      if (earlier.response.status === 409) throw new ApiProblem(earlier.error, 409);
      return { form, earlier: earlier.data ?? null };
    },
  });
}
