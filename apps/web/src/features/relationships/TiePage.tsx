import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ChartFigure, Withheld } from '../../charts';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { BackLink, SummaryList, Table } from '../../ui';
import { RecordActionLink } from '../actions/parts';
import { inRound, PageState, points, ScoreCell, signedPoints, usePeriod } from './parts';
import { seriesOf, trendOption } from './trend';
import { type Score, useScoredRoundsMembers, useScoreHistory } from './use-relationships';

/**
 * `/footprints/:footprintId/ties/:raterId/:ratedId`: one tie's history, how the rater sees the
 * rated member round by round, beside how the rated member sees the rater (the perception gap).
 */
export function TiePage() {
  const { t } = useT();
  const { footprintId = '', raterId = '', ratedId = '' } = useParams();
  const [period] = usePeriod();
  // A tie's history spans rounds: its members may have left, or joined, since any one of them.
  const members = useScoredRoundsMembers(footprintId);
  const history = useScoreHistory(footprintId, { scope: 'dyad', measure: 'partner_rating', organisationId: raterId });
  const rater = members.data?.find((m) => m.id === raterId);
  const rated = members.data?.find((m) => m.id === ratedId);
  const tie = rater && rated ? t('relationships.tie', { rater: rater.name, rated: rated.name }) : t('relationships.tiePage.title');
  usePageTitle(tie);

  const forwardKey = `${raterId}>${ratedId}`;
  const reverseKey = `${ratedId}>${raterId}`;
  const k = history.data?.anonymityThreshold ?? 5;
  const periods = useMemo(() => history.data?.rounds.map((r) => r.period) ?? [], [history.data]);
  const forward = useMemo(() => history.data?.items.filter((s) => s.subject === forwardKey) ?? [], [history.data, forwardKey]);
  const reverse = useMemo(() => history.data?.items.filter((s) => s.subject === reverseKey) ?? [], [history.data, reverseKey]);
  const latest: Score | undefined = forward.find((s) => s.period === (period ?? periods[periods.length - 1]));
  const reverseLatest = reverse.find((s) => s.period === latest?.period);
  const option = useMemo(
    () =>
      rater && rated
        ? trendOption(
            periods,
            [
              { name: t('relationships.tie', { rater: rater.name, rated: rated.name }), values: seriesOf(forward, forwardKey, periods) },
              { name: t('relationships.tie', { rater: rated.name, rated: rater.name }), values: seriesOf(reverse, reverseKey, periods) },
            ],
            points,
          )
        : null,
    [periods, forward, reverse, rater, rated, forwardKey, reverseKey, t],
  );
  const unknown = members.data && (!rater || !rated);

  return (
    <>
      <BackLink to={inRound(`/footprints/${footprintId}/relationships`, period)}>{t('relationships.backToHeatmap')}</BackLink>
      <h1>{tie}</h1>
      {unknown ? (
        <p>{t('relationships.tiePage.unknown')}</p>
      ) : (
        <PageState loading={members.isLoading || history.isLoading} failed={members.isError || history.isError} empty={!!history.data && periods.length === 0} />
      )}
      {rater && rated && option && history.data && periods.length > 0 && (
        <>
          <p>
            {t('relationships.tiePage.lead', { rater: rater.name, rated: rated.name })}{' '}
            <Link to={inRound(`/footprints/${footprintId}/organisations/${rater.id}`, period)}>{rater.name}</Link>
            {' · '}
            <Link to={inRound(`/footprints/${footprintId}/organisations/${rated.id}`, period)}>{rated.name}</Link>
          </p>
          <RecordActionLink footprintId={footprintId} link={{ linkKind: 'dyad', raterOrganisationId: rater.id, ratedOrganisationId: rated.id }} what={tie} />
          {latest ? (
            <SummaryList
              rows={[
                { key: t('relationships.tiePage.score', { period: latest.period }), value: <ScoreCell mean={latest.mean} band={latest.band} suppressed={latest.suppressed} k={k} /> },
                { key: t('relationships.respondentsHead'), value: latest.suppressed ? <Withheld k={k} /> : String(latest.respondents ?? '') },
                {
                  key: t('relationships.ci'),
                  value: latest.suppressed || !latest.ci95 ? <Withheld k={k} /> : `${points(latest.ci95.lower)} – ${points(latest.ci95.upper)}`,
                },
                {
                  key: t('relationships.change'),
                  value:
                    latest.comparison && !latest.comparison.suppressed && latest.comparison.delta !== null
                      ? `${signedPoints(latest.comparison.delta)}${latest.comparison.significant ? ` (${t('relationships.significant')})` : ''}`
                      : latest.comparison?.suppressed
                        ? <Withheld k={k} />
                        : t('relationships.noComparison'),
                },
                {
                  key: t('relationships.tie', { rater: rated.name, rated: rater.name }),
                  value: reverseLatest ? <ScoreCell mean={reverseLatest.mean} band={reverseLatest.band} suppressed={reverseLatest.suppressed} k={k} /> : t('relationships.unrated'),
                },
                {
                  key: t('relationships.gap'),
                  value:
                    latest.perceptionGap && !latest.perceptionGap.suppressed && latest.perceptionGap.value !== null ? signedPoints(latest.perceptionGap.value) : latest.perceptionGap?.suppressed ? <Withheld k={k} /> : '–',
                },
              ]}
            />
          ) : (
            <p>{t('relationships.unrated')}</p>
          )}
          <ChartFigure
            title={t('relationships.tiePage.trend')}
            option={option}
            height={280}
            csv={{
              path: '/api/v1/bi/trends',
              // Both directions of this one tie: a dyad from either member to either member (no member rates itself).
              filters: { footprint: footprintId, scope: 'dyad', measure: 'partner_rating', rater: [raterId, ratedId], rated: [raterId, ratedId], from: periods[0], to: periods[periods.length - 1] },
              filename: 'tie-trends.csv',
            }}
            table={
              <Table
                caption={t('relationships.tiePage.trend')}
                head={[t('relationships.round'), t('relationships.tie', { rater: rater.name, rated: rated.name }), t('relationships.tie', { rater: rated.name, rated: rater.name })]}
                rows={periods.map((p) => {
                  const a = forward.find((s) => s.period === p);
                  const b = reverse.find((s) => s.period === p);
                  return [
                    p,
                    a ? <ScoreCell mean={a.mean} band={a.band} suppressed={a.suppressed} k={k} /> : t('relationships.unrated'),
                    b ? <ScoreCell mean={b.mean} band={b.band} suppressed={b.suppressed} k={k} /> : t('relationships.unrated'),
                  ];
                })}
              />
            }
          />
        </>
      )}
    </>
  );
}
