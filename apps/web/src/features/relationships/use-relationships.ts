import { useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';

export type Score = Schemas['ScoreDto'];
export type ScoredRound = Schemas['ScoredRoundDto'];
export type Member = Schemas['OrganisationSummaryDto'];

export interface ScoresFilter {
  scope?: Schemas['ScoreScope'];
  measure?: string;
  organisationId?: string;
  /** A scored round's period; the latest scored round when left out. */
  period?: string;
}

/** The largest page the scores routes serve: a 60-member footprint's 3,540 dyads take 8 pages. */
const PAGE = 500;

/**
 * Every score of one round matching `filter`, through the API's anonymity gate (suppressed rows
 * carry no value), following the cursor to the last page: a heatmap is drawn whole or not at all.
 */
export function useRoundScores(footprintId: string, filter: ScoresFilter) {
  return useQuery({
    queryKey: ['relationships', 'scores', footprintId, filter],
    queryFn: async () => {
      let cursor: string | undefined;
      const items: Score[] = [];
      for (;;) {
        const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/scores', {
          params: { path: { footprintId }, query: { ...filter, limit: PAGE, cursor } },
        });
        if (error) throw new Error(error.detail);
        items.push(...data.items);
        if (!data.nextCursor) return { round: data.round, anonymityThreshold: data.anonymityThreshold, items };
        cursor = data.nextCursor;
      }
    },
  });
}

/** Scores over the footprint's latest scored rounds (oldest first), for a trend. */
export function useScoreHistory(footprintId: string, filter: Omit<ScoresFilter, 'period'>, rounds = 8) {
  return useQuery({
    queryKey: ['relationships', 'history', footprintId, filter, rounds],
    queryFn: async () => {
      let cursor: string | undefined;
      const items: Score[] = [];
      for (;;) {
        const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/scores/history', {
          params: { path: { footprintId }, query: { ...filter, rounds, limit: PAGE, cursor } },
        });
        if (error) throw new Error(error.detail);
        items.push(...data.items);
        if (!data.nextCursor) return { rounds: data.rounds, anonymityThreshold: data.anonymityThreshold, items };
        cursor = data.nextCursor;
      }
    },
  });
}

/** The footprint's current members (name, code, sector), in the API's order. */
export function useMembers(footprintId: string) {
  return useQuery({
    queryKey: ['relationships', 'members', footprintId],
    queryFn: async () => {
      let cursor: string | undefined;
      const members: Member[] = [];
      for (;;) {
        const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/members', {
          params: { path: { footprintId }, query: { limit: PAGE, cursor } },
        });
        if (error) throw new Error(error.detail);
        members.push(...data.items.map((membership) => membership.organisation));
        if (!data.nextCursor) return members;
        cursor = data.nextCursor;
      }
    },
  });
}

/** The footprint's scored rounds, newest first: the periods a page may show. */
export function useScoredRounds(footprintId: string) {
  return useQuery({
    queryKey: ['relationships', 'rounds', footprintId],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/rounds', {
        params: { path: { footprintId }, query: { limit: 100 } },
      });
      if (error) throw new Error(error.detail);
      return data.items.filter((round) => round.status === 'scored').sort((a, b) => b.period.localeCompare(a.period));
    },
  });
}
