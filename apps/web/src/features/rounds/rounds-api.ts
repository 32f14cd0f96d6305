import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { ApiProblem, settled } from '../../api/problem';
import { useCan } from '../../auth/use-account';

export type Round = Schemas['RoundDto'];
export type RoundSchedule = Schemas['RoundScheduleDto'];
export type ResponseRates = Schemas['ResponseRatesDto'];

/** While a round is open its response rates are read again this often (the API counts them live). */
export const RATES_REFRESH_MS = 5_000;

/** Whether the account may change this footprint's rounds (the API's round.manage: platform admins, and the footprint's leads). */
export function useCanManageRounds(footprintId: string | undefined): boolean {
  const { can } = useCan();
  return footprintId !== undefined && can('round.manage', footprintId);
}

export function useFootprint(footprintId: string) {
  return useQuery({
    queryKey: ['footprint', footprintId],
    queryFn: () => settled(api.GET('/api/v1/footprints/{footprintId}', { params: { path: { footprintId } } })),
  });
}

export function useRounds(footprintId: string) {
  return useQuery({
    queryKey: ['rounds', footprintId],
    queryFn: async () => (await settled(api.GET('/api/v1/footprints/{footprintId}/rounds', { params: { path: { footprintId }, query: { limit: 100 } } }))).items,
  });
}

export function useCreateRound(footprintId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateRoundDto']) => settled(api.POST('/api/v1/footprints/{footprintId}/rounds', { params: { path: { footprintId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rounds', footprintId] }),
  });
}

/** The footprint's quarterly schedule, or null when it has none (the API answers 404). */
export function useSchedule(footprintId: string) {
  return useQuery({
    queryKey: ['round-schedule', footprintId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/footprints/{footprintId}/round-schedule', { params: { path: { footprintId } } });
      if (response.status === 404) return null;
      if (!data) throw new ApiProblem(error, response.status);
      return data;
    },
  });
}

export function useSaveSchedule(footprintId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['PutRoundScheduleDto']) => settled(api.PUT('/api/v1/footprints/{footprintId}/round-schedule', { params: { path: { footprintId } }, body })),
    onSuccess: (schedule) => queryClient.setQueryData(['round-schedule', footprintId], schedule),
  });
}

export function useStopSchedule(footprintId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => settled(api.DELETE('/api/v1/footprints/{footprintId}/round-schedule', { params: { path: { footprintId } } })),
    onSuccess: () => queryClient.setQueryData(['round-schedule', footprintId], null),
  });
}

export function useRound(roundId: string) {
  return useQuery({
    queryKey: ['round', roundId],
    retry: false,
    queryFn: () => settled(api.GET('/api/v1/rounds/{roundId}', { params: { path: { roundId } } })),
  });
}

/** Opens or closes a round; the page then shows its new status and rates. */
export function useRoundTransition(roundId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (to: 'open' | 'close') =>
      settled(to === 'open' ? api.POST('/api/v1/rounds/{roundId}/open', { params: { path: { roundId } } }) : api.POST('/api/v1/rounds/{roundId}/close', { params: { path: { roundId } } })),
    onSuccess: (round) => {
      queryClient.setQueryData(['round', roundId], round);
      void queryClient.invalidateQueries({ queryKey: ['response-rates', roundId] });
      void queryClient.invalidateQueries({ queryKey: ['rounds', round.footprintId] });
    },
  });
}

/** Respondents per invited organisation, read again every few seconds while the round is open. */
export function useResponseRates(roundId: string, live: boolean) {
  return useQuery({
    queryKey: ['response-rates', roundId],
    refetchInterval: live ? RATES_REFRESH_MS : false,
    queryFn: () => settled(api.GET('/api/v1/rounds/{roundId}/response-rates', { params: { path: { roundId } } })),
  });
}

export function useRemind(roundId: string) {
  return useMutation({
    mutationFn: () => settled(api.POST('/api/v1/rounds/{roundId}/reminders', { params: { path: { roundId } } })),
  });
}

/** Issues links and returns them as the API's CSV, which the page hands to the browser as a download. */
export function useIssueLinksCsv(roundId: string) {
  return useMutation({
    mutationFn: async (body: Schemas['IssueLinksDto']) => {
      const { data, error, response } = await api.POST('/api/v1/rounds/{roundId}/links', { params: { path: { roundId } }, body, headers: { Accept: 'text/csv' }, parseAs: 'text' });
      if (!response.ok || data === undefined) throw new ApiProblem(error, response.status);
      return data;
    },
  });
}

export function useEmailLinks(roundId: string) {
  return useMutation({
    mutationFn: (body: Schemas['EmailLinksDto']) => settled(api.POST('/api/v1/rounds/{roundId}/links/emails', { params: { path: { roundId } }, body })),
  });
}

/** Uploads a CSV of offline responses as it is (text/csv); all or nothing, a refusal lists each row's problems. */
export function useImportResponses(roundId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) =>
      settled(
        api.POST('/api/v1/rounds/{roundId}/responses/import', {
          params: { path: { roundId } },
          body: csv,
          headers: { 'Content-Type': 'text/csv' },
          bodySerializer: (body: string) => body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['response-rates', roundId] }),
  });
}
