import { useMemo } from 'react';
import { useParams } from 'react-router';
import { ChartFigure, Withheld } from '../../charts';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Table } from '../../ui';
import { RecordActionLink } from '../actions/parts';
import { PageState, RoundSelect, ScoreCell, signedPoints, usePeriod, useSectorName } from './parts';
import { nhsCouncilGap, sectorPairsOption, sectorPairRows } from './sector-pairs';
import { useRoundScores, useScoredRounds } from './use-relationships';
import './relationships.scss';

/**
 * `/footprints/:footprintId/sector-pairs`: how each sector rates each other sector (respondent-
 * weighted dyads), and the NHS ↔ local government perception gap: how much more one side thinks of
 * the other than the other thinks of it.
 */
export function SectorPairsPage() {
  const { t } = useT();
  usePageTitle(t('relationships.sectorPairs.title'));
  const { footprintId = '' } = useParams();
  const sectorName = useSectorName();
  const [period, setPeriod] = usePeriod();
  const rounds = useScoredRounds(footprintId);
  const pairs = useRoundScores(footprintId, { scope: 'sector_pair', measure: 'partner_rating', period });
  const k = pairs.data?.anonymityThreshold ?? 5;
  const round = pairs.data?.round;
  const rows = useMemo(() => sectorPairRows(pairs.data?.items ?? []), [pairs.data]);
  const gap = nhsCouncilGap(pairs.data?.items ?? []);
  const title = t('relationships.sectorPairs.figure', { period: round?.period ?? '' });
  const option = useMemo(() => sectorPairsOption(rows, (from, to) => t('relationships.tie', { rater: sectorName(from), rated: sectorName(to) })), [rows, t]);

  return (
    <>
      <h1>{t('relationships.sectorPairs.title')}</h1>
      <p>{t('relationships.sectorPairs.lead')}</p>
      {rounds.data && rounds.data.length > 1 && <RoundSelect rounds={rounds.data} period={period} onChange={setPeriod} />}
      <PageState loading={pairs.isLoading} failed={pairs.isError} empty={!!pairs.data && !round} />
      {round && (
        <>
          <div className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">{t('relationships.sectorPairs.gapTitle')}</h2>
              {!gap ? (
                <p className="nhsuk-card__description">{t('relationships.sectorPairs.noGap')}</p>
              ) : gap.suppressed || gap.value === null ? (
                <p className="nhsuk-card__description">
                  <Withheld k={k} />
                </p>
              ) : (
                <p className="nhsuk-card__description">
                  <span className="pp-big-figure">{signedPoints(gap.value)}</span>{' '}
                  {t(gap.value >= 0 ? 'relationships.sectorPairs.gapNhsHigher' : 'relationships.sectorPairs.gapCouncilHigher', { points: Math.abs(gap.value).toFixed(1) })}
                </p>
              )}
              <RecordActionLink
                footprintId={footprintId}
                link={{ linkKind: 'sector_pair', raterSector: 'nhs', ratedSector: 'local_government' }}
                what={t('relationships.tie', { rater: sectorName('nhs'), rated: sectorName('local_government') })}
              />
            </div>
          </div>
          {rows.length === 0 ? (
            <p>{t('relationships.unrated')}</p>
          ) : (
            <ChartFigure
              title={title}
              option={option}
              height={Math.max(200, rows.length * 44 + 60)}
              csv={{ path: '/api/v1/bi/scores', filters: { footprint: footprintId, scope: 'sector_pair', measure: 'partner_rating', from: round.period, to: round.period }, filename: `sector-pairs-${round.period}.csv` }}
              tableOpen
              table={
                <Table
                  caption={title}
                  head={[t('relationships.sectorPairs.pair'), t('relationships.score'), t('relationships.respondentsHead'), t('relationships.gap')]}
                  rows={rows.map((row) => [
                    t('relationships.tie', { rater: sectorName(row.from), rated: sectorName(row.to) }),
                    <ScoreCell mean={row.mean} band={row.band} suppressed={row.suppressed} k={k} />,
                    row.suppressed ? '' : String(row.respondents ?? ''),
                    row.gapWithheld ? <Withheld k={k} /> : row.gap !== null ? signedPoints(row.gap) : row.suppressed ? '' : '–',
                  ])}
                />
              }
            />
          )}
        </>
      )}
    </>
  );
}
