import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';

export type Score = Schemas['ScoreDto'];
export type ScoreHistory = Schemas['ScoreHistoryDto'];

/** The most rounds the history route reads (its maximum): the trend chart shows every round up to that. */
export const HISTORY_ROUNDS = 20;

async function scoresOf(footprintId: string, scope: 'footprint' | 'dimension') {
  const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/scores', { params: { path: { footprintId }, query: { scope, limit: 100 } } });
  if (error) throw new Error(error.detail);
  return data;
}

async function historyOf(footprintId: string, scope: 'footprint' | 'dimension') {
  const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/scores/history', { params: { path: { footprintId }, query: { scope, rounds: HISTORY_ROUNDS, limit: 500 } } });
  if (error) throw new Error(error.detail);
  return data;
}

/** The latest scored round's footprint RHI and dimensions (final figures), through the gate. */
export function useLatestScores(footprintId: string) {
  return useQuery(latestScoresQuery(footprintId));
}

export function latestScoresQuery(footprintId: string) {
  return queryOptions({
    queryKey: ['overview', footprintId, 'latest'],
    queryFn: async () => {
      const [footprint, dimensions] = await Promise.all([scoresOf(footprintId, 'footprint'), scoresOf(footprintId, 'dimension')]);
      return { round: footprint.round, anonymityThreshold: footprint.anonymityThreshold, items: [...footprint.items.filter((s) => s.measure === 'rhi'), ...dimensions.items] };
    },
  });
}

/** RHI and dimensions over every scored round (oldest first). */
export function useScoreHistory(footprintId: string) {
  return useQuery(scoreHistoryQuery(footprintId));
}

export function scoreHistoryQuery(footprintId: string) {
  return queryOptions({
    queryKey: ['overview', footprintId, 'history'],
    queryFn: async () => {
      const [footprint, dimensions] = await Promise.all([historyOf(footprintId, 'footprint'), historyOf(footprintId, 'dimension')]);
      return { rounds: footprint.rounds, anonymityThreshold: footprint.anonymityThreshold, items: [...footprint.items.filter((s) => s.measure === 'rhi'), ...dimensions.items] };
    },
  });
}

/**
 * The round being answered now, if any, with its provisional footprint-wide figures and response
 * rate; otherwise the latest round's response rate.
 */
export function useCurrentRound(footprintId: string) {
  return useQuery(currentRoundQuery(footprintId));
}

export function currentRoundQuery(footprintId: string) {
  return queryOptions({
    queryKey: ['overview', footprintId, 'current-round'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/rounds', { params: { path: { footprintId }, query: { limit: 100 } } });
      if (error) throw new Error(error.detail);
      const rounds = data.items.filter((r) => r.status !== 'draft').sort((a, b) => b.period.localeCompare(a.period));
      const open = rounds.find((r) => r.status === 'open') ?? null;
      const latest = open ?? rounds[0] ?? null;
      if (!latest) return { open: null, latest: null, rates: null, provisional: null };
      const [rates, provisional] = await Promise.all([
        api.GET('/api/v1/rounds/{roundId}/response-rates', { params: { path: { roundId: latest.id } } }),
        open ? api.GET('/api/v1/rounds/{roundId}/scores', { params: { path: { roundId: open.id }, query: { scope: 'footprint', limit: 100 } } }) : Promise.resolve(null),
      ]);
      return { open, latest, rates: rates.data ?? null, provisional: provisional?.data?.round ? provisional.data : null };
    },
  });
}

export type Alert = Schemas['AlertDto'];

/** How many open alerts the overview lists (the most severe, newest first); it shows how many are open in all and links to the rest. */
export const OVERVIEW_ALERTS = 5;

/** The footprint's open alerts: the few most severe (critical first, each severity newest first), and how many are open in all (the API's `total`). */
export function useOpenAlerts(footprintId: string) {
  return useQuery(openAlertsQuery(footprintId));
}

export function openAlertsQuery(footprintId: string) {
  return queryOptions({
    queryKey: ['alerts', 'footprint', footprintId, 'open'],
    queryFn: async () => {
      // early-reads.ts sends this very address (status, sort, then limit): change both together.
      const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/alerts', { params: { path: { footprintId }, query: { status: 'open', sort: 'severity', limit: OVERVIEW_ALERTS } } });
      if (error) throw new Error(error.detail);
      return { items: data.items, total: data.total };
    },
  });
}
