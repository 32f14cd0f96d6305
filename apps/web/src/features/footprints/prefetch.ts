import type { QueryClient } from '@tanstack/react-query';
import { currentSession } from '../../auth/session';
import { accountQuery } from '../../auth/use-account';
import { benchmarkQuery } from '../benchmark/use-benchmark';
import { currentRoundQuery, latestScoresQuery, openAlertsQuery, scoreHistoryQuery } from '../overview/use-overview';
import { memberDates, membersQuery, roundDyadsQuery, roundOf, scoredRoundsQuery } from '../relationships/use-relationships';
import { footprintQuery } from './use-footprints';

const PAGE = /^\/footprints\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/(relationships))?\/?$/i;

/**
 * Called by the entry when a footprint's overview or heatmap is opened directly (a link, a
 * bookmark, a reload): every read the page makes and every chunk it needs start at once, in
 * parallel, instead of one after another (the layout's chunk, then the page's, then its reads,
 * then ECharts once the figures are in). The page's hooks then find their queries under way in
 * the cache, and the router's lazy routes (routes.tsx) find their modules loaded. Without a
 * session nothing is asked: the page sends the reader to sign in.
 */
export function prefetchFootprintPage(location: Location, client: QueryClient): void {
  const match = PAGE.exec(location.pathname);
  if (!match || !currentSession()) return;
  const footprintId = match[1]!;
  // The reads first, then the chunks: the browser opens 6 connections to the API, and the reads,
  // which the API has to work out, should not wait behind a dozen static files (bench:web's
  // timeline showed them sent 100-300 ms late when the chunks went first).
  void client.prefetchQuery(footprintQuery(footprintId));
  // The layout's sub-navigation (and the overview's benchmark opt-in) read the account.
  void client.prefetchQuery(accountQuery());
  if (match[2] === 'relationships') {
    const period = new URLSearchParams(location.search).get('period') ?? undefined;
    void client.prefetchQuery(scoredRoundsQuery(footprintId));
    void client.prefetchQuery(roundDyadsQuery(footprintId, period));
    // The round's members, once the rounds give its dates (useRoundMembers' query).
    void client
      .ensureQueryData(scoredRoundsQuery(footprintId))
      .then((rounds) => {
        const round = roundOf(rounds, period);
        if (round) void client.prefetchQuery(membersQuery(footprintId, memberDates([round])));
      })
      .catch(() => undefined);
    void import('./FootprintLayout');
    void import('../relationships/RelationshipsPage');
    void import('../../charts/echarts-setup');
    return;
  }
  void client.prefetchQuery(latestScoresQuery(footprintId));
  void client.prefetchQuery(scoreHistoryQuery(footprintId));
  void client.prefetchQuery(currentRoundQuery(footprintId));
  void client.prefetchQuery(openAlertsQuery(footprintId));
  // The National benchmark section: without this its read started only once the page had rendered, last of all.
  void client.prefetchQuery(benchmarkQuery(footprintId));
  void import('./FootprintLayout');
  void import('../overview/OverviewPage');
  void import('../../charts/echarts-setup');
}
