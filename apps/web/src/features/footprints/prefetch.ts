import type { QueryClient } from '@tanstack/react-query';
import { currentSession } from '../../auth/session';
import { currentRoundQuery, latestScoresQuery, openAlertsQuery, scoreHistoryQuery } from '../overview/use-overview';
import { membersQuery, roundDyadsQuery, scoredRoundsQuery } from '../relationships/use-relationships';
import { footprintQuery } from './use-footprints';

const PAGE = /^\/footprints\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/(relationships))?\/?$/i;

/**
 * Called by the entry when a footprint's overview or heatmap is opened directly (a link, a
 * bookmark, a reload): every read the page makes and every chunk it needs start at once, in
 * parallel, instead of one after another (the layout's chunk, then the page's, then its reads,
 * then ECharts once the figures are in). The page's hooks then find their queries under way in
 * the cache, and React.lazy finds its modules loaded. Without a session nothing is asked: the
 * page sends the reader to sign in.
 */
export function prefetchFootprintPage(location: Location, client: QueryClient): void {
  const match = PAGE.exec(location.pathname);
  if (!match || !currentSession()) return;
  const footprintId = match[1]!;
  void import('./FootprintLayout');
  void import('../../charts/echarts-setup');
  void client.prefetchQuery(footprintQuery(footprintId));
  if (match[2] === 'relationships') {
    void import('../relationships/RelationshipsPage');
    const period = new URLSearchParams(location.search).get('period') ?? undefined;
    void client.prefetchQuery(scoredRoundsQuery(footprintId));
    void client.prefetchQuery(membersQuery(footprintId));
    void client.prefetchQuery(roundDyadsQuery(footprintId, period));
    return;
  }
  void import('../overview/OverviewPage');
  void client.prefetchQuery(latestScoresQuery(footprintId));
  void client.prefetchQuery(scoreHistoryQuery(footprintId));
  void client.prefetchQuery(currentRoundQuery(footprintId));
  void client.prefetchQuery(openAlertsQuery(footprintId));
}
