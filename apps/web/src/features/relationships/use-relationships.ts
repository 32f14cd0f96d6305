import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { footprintQuery } from '../footprints/use-footprints';
import type { DyadScore } from './heatmap';

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
  return useQuery(membersQuery(footprintId));
}

export function membersQuery(footprintId: string) {
  return queryOptions({
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
  return useQuery(scoredRoundsQuery(footprintId));
}

export function scoredRoundsQuery(footprintId: string) {
  return queryOptions({
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

/**
 * The columns of the BI scores export the heatmap draws (the API adds `suppressed`, the gate's
 * mark, to any choice): 5 of 29, a sixth of the bytes. early-reads.ts asks for the same.
 */
export const TIE_COLUMNS = 'organisation_id,partner_organisation_id,respondents,mean,band';

/** One NDJSON line of the BI scores export, cut to TIE_COLUMNS. */
type BiScoreRow = Pick<Schemas['BiScoreRow'], 'organisation_id' | 'partner_organisation_id' | 'suppressed' | 'mean' | 'band' | 'respondents'>;

/**
 * Every tie (dyad partner rating) of one scored round — `period`, or the latest scored round — for
 * the heatmap, in ONE read: the BI scores export streams the whole result as NDJSON, through the
 * same read model and anonymity gate as the scores route (withheld rows carry no statistic),
 * where the scores route would take 8 pages of 500, one after another, for 60 members' 3,540 ties.
 * The round and the footprint's k come from the rounds and footprint queries other parts of the
 * page read too (shared through the query cache, so nothing is asked twice).
 */
export function roundDyadsQuery(footprintId: string, period: string | undefined) {
  return queryOptions({
    queryKey: ['relationships', 'dyads', footprintId, period ?? 'latest'],
    queryFn: async ({ client, signal }) => {
      const [rounds, footprint] = await Promise.all([client.ensureQueryData(scoredRoundsQuery(footprintId)), client.ensureQueryData(footprintQuery(footprintId))]);
      const round = (period ? rounds.find((r) => r.period === period) : rounds[0]) ?? null;
      const anonymityThreshold = footprint.anonymityThreshold;
      if (!round) return { round: null, anonymityThreshold, items: [] as DyadScore[] };
      const { data, error } = await api.GET('/api/v1/bi/scores', {
        params: { query: { footprint: footprintId, scope: 'dyad', measure: 'partner_rating', from: round.period, to: round.period, format: 'ndjson', columns: TIE_COLUMNS } },
        parseAs: 'text',
        signal,
      });
      if (error !== undefined) throw new Error((error as { detail?: string }).detail ?? 'The ties could not be read');
      const items: DyadScore[] = [];
      for (const line of (data as string).split('\n')) {
        if (!line) continue;
        const row = JSON.parse(line) as BiScoreRow;
        items.push({ organisationId: row.organisation_id, partnerOrganisationId: row.partner_organisation_id, suppressed: row.suppressed, mean: row.mean, band: row.band, respondents: row.respondents });
      }
      return { round, anonymityThreshold, items };
    },
  });
}

export function useRoundDyads(footprintId: string, period: string | undefined) {
  return useQuery(roundDyadsQuery(footprintId, period));
}
