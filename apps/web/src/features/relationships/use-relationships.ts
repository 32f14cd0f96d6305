import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { footprintQuery } from '../footprints/use-footprints';
import type { DyadScore } from './heatmap';

export type Score = Schemas['ScoreDto'];
export type ScoredRound = Schemas['ScoredRoundDto'];
/** A round of the footprint's rounds list: its period, status and dates. */
export type Round = Schemas['RoundDto'];
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

/** The scored round a page shows: `period`, or the latest (rounds newest first, as scoredRoundsQuery gives them). */
export function roundOf(rounds: readonly Round[], period: string | undefined): Round | undefined {
  return period ? rounds.find((r) => r.period === period) : rounds[0];
}

/** UK calendar dates, both inclusive. */
export interface Dates {
  from: string;
  to: string;
}

/**
 * The days over which `rounds` count their members: from the first one's opening to the last one's
 * closing, as the API gives them (opensOn, closesOn: UK dates); none without a round.
 */
export function memberDates(rounds: readonly Round[]): Dates | undefined {
  if (rounds.length === 0) return undefined;
  return {
    from: rounds.reduce((first, r) => (r.opensOn < first ? r.opensOn : first), rounds[0]!.opensOn),
    to: rounds.reduce((last, r) => (r.closesOn > last ? r.closesOn : last), rounds[0]!.closesOn),
  };
}

/**
 * The organisations (name, code, sector) that are members of the footprint on any day of `dates`,
 * or today without them, each once (one that left and rejoined has a membership per spell), in
 * the API's order (by name). early-reads.ts asks for the same address for the heatmap's round.
 */
export function membersQuery(footprintId: string, dates?: Dates) {
  return queryOptions({
    queryKey: ['relationships', 'members', footprintId, dates ?? 'today'],
    queryFn: async () => {
      let cursor: string | undefined;
      const members = new Map<string, Member>();
      for (;;) {
        const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/members', {
          params: { path: { footprintId }, query: { from: dates?.from, to: dates?.to, limit: PAGE, cursor } },
        });
        if (error) throw new Error(error.detail);
        for (const { organisation } of data.items) if (!members.has(organisation.id)) members.set(organisation.id, organisation);
        if (!data.nextCursor) return [...members.values()];
        cursor = data.nextCursor;
      }
    },
  });
}

/** The footprint's members today: whom an action may name as its owner. */
export function useCurrentMembers(footprintId: string) {
  return useQuery(membersQuery(footprintId));
}

/**
 * The members of the scored round a page shows (`period`, or the latest): the organisations that
 * were members at any time while it was open (the domain's round members), whether or not they are
 * now, and none that joined later. Read once the rounds say the round's dates.
 */
export function useRoundMembers(footprintId: string, period: string | undefined) {
  const rounds = useScoredRounds(footprintId);
  const round = rounds.data && roundOf(rounds.data, period);
  return useMembersOn(footprintId, round && [round]);
}

/** The members of any of the footprint's scored rounds: every organisation a page over several rounds (a tie's, a member's history) may name. */
export function useScoredRoundsMembers(footprintId: string) {
  const rounds = useScoredRounds(footprintId);
  return useMembersOn(footprintId, rounds.data);
}

/** The members over `rounds`; not read while they load, nor when there is no round (then the page has nothing to draw). */
function useMembersOn(footprintId: string, rounds: readonly Round[] | undefined) {
  const dates = rounds && memberDates(rounds);
  return useQuery({ ...membersQuery(footprintId, dates), enabled: !!dates });
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
      const round = roundOf(rounds, period) ?? null;
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
