import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { BandTag, ChartFigure, CsvDownloadLink, formatPercent, formatScore, TableScroll, Withheld } from '../../charts';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { SummaryList, Table } from '../../ui';
import { useFootprint } from '../footprints/use-footprints';
import { DimensionActionLinks } from '../actions/parts';
import { SEVERITY_TAGS } from '../alerts/severity';
import { BenchmarkSection } from '../benchmark/BenchmarkSection';
import { ChangeText, scoreCells } from './ScoreCells';
import { MEASURES, trendOption, trendSeries } from './trend';
import { HISTORY_ROUNDS, type Score, useCurrentRound, useLatestScores, useOpenAlerts, useScoreHistory } from './use-overview';

/**
 * A footprint at a glance: the latest scored round's Relationship Health Index and five dimensions
 * (band, 95% CI, n, change since the previous round), the trend over every round, the response
 * rate, provisional figures of a round still open, and the open alerts (the few most severe, how
 * many are open in all, and a link to the list of them all).
 */
export function OverviewPage() {
  const { t } = useT();
  const { footprintId = '' } = useParams();
  const footprint = useFootprint(footprintId);
  const latest = useLatestScores(footprintId);
  const history = useScoreHistory(footprintId);
  const current = useCurrentRound(footprintId);
  const alerts = useOpenAlerts(footprintId);
  const title = footprint.data ? t('overview.title', { footprint: footprint.data.name }) : t('overview.titleShort');
  usePageTitle(title);
  const measure = (key: string) => (MEASURES.includes(key as never) ? t(`overview.measure.${key as (typeof MEASURES)[number]}`) : key);
  const k = latest.data?.anonymityThreshold ?? footprint.data?.anonymityThreshold ?? 5;

  if (footprint.isError) {
    return (
      <>
        <h1>{t('overview.titleShort')}</h1>
        <p>{t('overview.notFound')}</p>
      </>
    );
  }

  const round = latest.data?.round ?? null;
  const byMeasure = new Map((latest.data?.items ?? []).map((s) => [s.measure, s]));
  const rhi = byMeasure.get('rhi');

  return (
    <>
      <h1>{title}</h1>
      {(latest.isLoading || footprint.isLoading) && <p role="status">{t('common.loading')}</p>}
      {latest.isError && <p className="nhsuk-error-message">{t('overview.failed')}</p>}

      {latest.data && !round && <p data-testid="no-scored-round">{t('overview.noScoredRound')}</p>}
      {latest.data && round && (
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">{t('overview.latestHeading', { period: round.period })}</h2>
          <p className="nhsuk-body-s">{t('overview.latestMeta', { respondents: round.respondents, k })}</p>
          <div className="nhsuk-card pp-headline" data-testid="rhi-headline">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-s">{t('overview.measure.rhi')}</h3>
              <RhiHeadline score={rhi} k={k} />
            </div>
          </div>
          <TableScroll label={t('overview.scoresCaption', { period: round.period })}>
            <Table
              caption={t('overview.scoresCaption', { period: round.period })}
              head={[t('overview.col.measure'), t('overview.col.score'), t('overview.col.band'), t('overview.col.ci'), t('overview.col.n'), t('overview.col.change')]}
              rows={MEASURES.map((key) => [measure(key), ...scoreCells(byMeasure.get(key), k, t)])}
            />
          </TableScroll>
          <CsvDownloadLink
            path="/api/v1/bi/scores"
            filters={{ footprint: footprintId, scope: ['footprint', 'dimension'], measure: [...MEASURES], from: round.period, to: round.period }}
            filename={`scores-${round.period}.csv`}
            what={t('overview.scoresCaption', { period: round.period })}
          />
          <DimensionActionLinks footprintId={footprintId} />
        </section>
      )}

      {current.data?.open && (
        <section aria-labelledby="provisional-heading" className="nhsuk-inset-text" data-testid="provisional">
          <h2 id="provisional-heading" className="nhsuk-heading-m">
            <strong className="nhsuk-tag nhsuk-tag--yellow">{t('overview.provisionalTag')}</strong> {t('overview.provisionalHeading', { period: current.data.open.period })}
          </h2>
          <ProvisionalFigures data={current.data.provisional} k={k} />
        </section>
      )}

      <TrendSection footprintId={footprintId} history={history.data} k={k} measure={measure} />

      <BenchmarkSection footprintId={footprintId} />

      <section aria-labelledby="response-heading">
        <h2 id="response-heading">{t('overview.responseHeading')}</h2>
        {current.data?.latest && current.data.rates ? (
          <SummaryList
            rows={[
              {
                key: t(current.data.open ? 'overview.responseOpen' : 'overview.responseRound', { period: current.data.latest.period }),
                value: t('overview.responseValue', {
                  rate: formatPercent(current.data.rates.rate),
                  respondents: current.data.rates.respondents,
                  expected: current.data.rates.expectedRespondents,
                }),
              },
              {
                key: t('overview.organisationsResponded'),
                value: t('overview.organisationsValue', { responded: current.data.rates.organisationsResponded, invited: current.data.rates.organisationsInvited }),
              },
            ]}
          />
        ) : (
          !current.isLoading && <p>{t('overview.noRounds')}</p>
        )}
      </section>

      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">{t('overview.alertsHeading')}</h2>
        {alerts.data?.total === 0 && <p>{t('overview.noAlerts')}</p>}
        {alerts.data && alerts.data.total > 0 && (
          <>
            <p data-testid="open-alerts-count">
              {t('overview.openAlertsCount', { count: alerts.data.total })}
              {alerts.data.total > alerts.data.items.length && ` ${t('overview.openAlertsShown', { shown: alerts.data.items.length })}`}
            </p>
            <ul className="nhsuk-list nhsuk-list--border" data-testid="open-alerts">
              {alerts.data.items.map((alert) => (
                <li key={alert.id}>
                  <strong className={`nhsuk-tag ${SEVERITY_TAGS[alert.severity]}`}>{t(`alerts.severity.${alert.severity}`)}</strong>{' '}
                  <Link to={`/alerts/${alert.id}`}>{alert.summary}</Link> <span className="nhsuk-body-s">({alert.period})</span>
                </li>
              ))}
            </ul>
            <p>
              <Link to={`/alerts?${new URLSearchParams({ footprint: footprintId, status: 'open' }).toString()}`}>{t('overview.allOpenAlerts', { count: alerts.data.total })}</Link>
            </p>
          </>
        )}
      </section>
    </>
  );
}


function RhiHeadline({ score, k }: { score: Score | undefined; k: number }) {
  const { t } = useT();
  if (!score || score.suppressed || score.mean === null) return <p className="nhsuk-body-l">{<Withheld k={k} />}</p>;
  return (
    <>
      <p className="nhsuk-heading-xl pp-headline__value">
        {formatScore(score.mean)} {score.band && <BandTag band={score.band} />}
      </p>
      <p className="nhsuk-body-s">
        {score.ci95 && t('overview.ciLong', { lower: formatScore(score.ci95.lower), upper: formatScore(score.ci95.upper) })} {t('overview.nLong', { n: score.n ?? 0 })}{' '}
        {t('overview.changeLabel')} <ChangeText score={score} k={k} />
      </p>
    </>
  );
}

interface ProvisionalRound {
  period: string;
  respondents: number;
  computedAt: string;
  coverage: { respondentsCovered: number; respondentsSoFar: number; nextPublicationAt: number } | null;
}

function ProvisionalFigures({ data, k }: { data: { round: ProvisionalRound | null; items: Score[] } | null; k: number }) {
  const { t, language } = useT();
  const rhi = data?.items.find((s) => s.scope === 'footprint' && s.measure === 'rhi');
  // The first publication covers k respondents once 2k have answered (docs/scoring.md, provisional figures lag the count).
  if (!data?.round) return <p>{t('overview.provisionalNone', { first: 2 * k })}</p>;
  const coverage = data.round.coverage;
  return (
    <>
      <p>
        {t('overview.measure.rhi')}: {rhi && !rhi.suppressed && rhi.mean !== null ? <strong>{formatScore(rhi.mean)}</strong> : <Withheld k={k} />}{' '}
        {t('overview.provisionalMeta', {
          respondents: data.round.respondents,
          when: new Date(data.round.computedAt).toLocaleString(language === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
          k,
        })}
      </p>
      {coverage && (
        <p data-testid="provisional-coverage">
          {t('overview.provisionalCoverage', { covered: coverage.respondentsCovered, soFar: coverage.respondentsSoFar, next: coverage.nextPublicationAt })}
        </p>
      )}
    </>
  );
}

function TrendSection({
  footprintId,
  history,
  k,
  measure,
}: {
  footprintId: string;
  history: { rounds: { period: string }[]; items: Score[] } | undefined;
  k: number;
  measure: (key: string) => string;
}) {
  const { t } = useT();
  const periods = useMemo(() => (history?.rounds ?? []).map((r) => r.period), [history]);
  const series = useMemo(() => trendSeries(periods, history?.items ?? []), [periods, history]);
  const option = useMemo(() => trendOption(periods, series, measure), [periods, series, measure]);
  if (!history || periods.length === 0) return null;
  const byKey = new Map(history.items.map((s) => [`${s.measure}|${s.period}`, s]));
  const title = t('overview.trendTitle');
  return (
    <section aria-labelledby="trend-heading">
      {/* The API serves at most HISTORY_ROUNDS rounds of history: with as many, older ones may exist, so the heading says which are shown. */}
      <h2 id="trend-heading">{periods.length < HISTORY_ROUNDS ? t('overview.trendHeading') : t('overview.trendHeadingLatest', { rounds: periods.length })}</h2>
      <ChartFigure
        title={title}
        summary={t('overview.trendSummary', { rounds: periods.length, first: periods[0] ?? '', last: periods[periods.length - 1] ?? '' })}
        option={option}
        table={
          <Table
            caption={title}
            head={[t('overview.col.round'), ...MEASURES.map(measure)]}
            rows={periods.map((period) => [
              period,
              ...MEASURES.map((key) => {
                const score = byKey.get(`${key}|${period}`);
                if (!score) return '';
                return score.suppressed || score.mean === null ? <Withheld k={k} /> : formatScore(score.mean);
              }),
            ])}
          />
        }
        csv={{ path: '/api/v1/bi/trends', filters: { footprint: footprintId, scope: ['footprint', 'dimension'], measure: [...MEASURES], from: periods[0], to: periods[periods.length - 1] }, filename: 'trends.csv' }}
      />
    </section>
  );
}
