import { useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';

export type Distribution = Schemas['DistributionDto'];
export type Breakdown = Schemas['DistributionBreakdown'];
export type GroupBreakdown = Exclude<Breakdown, 'all'>;
export const BREAKDOWNS: readonly GroupBreakdown[] = ['sector', 'organisation_type', 'respondent_role'];

/** The footprint's rounds that have closed (their distributions are final), newest first. */
export function useClosedRounds(footprintId: string) {
  return useQuery({
    queryKey: ['questions', footprintId, 'rounds'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/rounds', { params: { path: { footprintId }, query: { limit: 100 } } });
      if (error) throw new Error(error.detail);
      return data.items.filter((r) => r.status === 'scored').sort((a, b) => b.period.localeCompare(a.period));
    },
  });
}

/** The instrument a round used: its questions' words and order. */
export function useInstrument(instrumentId: string | undefined) {
  return useQuery({
    queryKey: ['instrument', instrumentId],
    enabled: Boolean(instrumentId),
    staleTime: Infinity,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/instruments/{instrumentId}', { params: { path: { instrumentId: instrumentId as string } } });
      if (error) throw new Error(error.detail);
      return data;
    },
  });
}

/** Every distribution of a round under one breakdown (all pages), through the gate. */
export function useDistributions(roundId: string | undefined, breakdown: Breakdown | 'all') {
  return useQuery({
    queryKey: ['questions', roundId, 'distributions', breakdown],
    enabled: Boolean(roundId),
    queryFn: async () => {
      const items: Distribution[] = [];
      let cursor: string | undefined;
      let k = 5;
      do {
        const { data, error } = await api.GET('/api/v1/rounds/{roundId}/distributions', { params: { path: { roundId: roundId as string }, query: { breakdown, limit: 500, cursor } } });
        if (error) throw new Error(error.detail);
        items.push(...data.items);
        k = data.anonymityThreshold;
        cursor = data.nextCursor ?? undefined;
      } while (cursor);
      return { items, anonymityThreshold: k };
    },
  });
}

/** Free-text answers of a closed round (leads only; the API refuses others and withholds what the gate must). */
export function useFreeText(roundId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['questions', roundId, 'free-text'],
    enabled: enabled && Boolean(roundId),
    retry: false,
    // Every page: a large round's comments run past one page of 500.
    queryFn: async () => {
      const items: Schemas['FreeTextDto'][] = [];
      let cursor: string | undefined;
      for (;;) {
        const { data, error } = await api.GET('/api/v1/rounds/{roundId}/free-text', { params: { path: { roundId: roundId as string }, query: { limit: 500, cursor } } });
        if (error) throw new Error(error.detail);
        items.push(...data.items);
        if (!data.nextCursor) return items;
        cursor = data.nextCursor;
      }
    },
  });
}
