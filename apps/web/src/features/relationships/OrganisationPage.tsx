import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ChartFigure, Withheld } from '../../charts';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { BackLink, SummaryList, Table } from '../../ui';
import { bySector } from './heatmap';
import { inRound, PageState, points, RoundSelect, ScoreCell, signedPoints, usePeriod, useSectorName } from './parts';
import { seriesOf, trendOption } from './trend';
import { type Score, useRoundMembers, useRoundScores, useScoredRounds, useScoredRoundsMembers, useScoreHistory } from './use-relationships';
import './relationships.scss';

const DIMENSIONS = ['trust', 'shared_purpose', 'involvement', 'communication', 'delivery'] as const;
/** The trend's series: the organisation's own index (scope organisation), the trust it receives and gives (scope network). */
const TREND_MEASURES = ['rhi', 'trust_received', 'trust_given'];

/**
 * `/footprints/:footprintId/organisations/:organisationId`: one member's page: its own index and
 * dimensions, the trust it receives and gives, each of its ties both ways, and its trend.
 */
export function OrganisationPage() {
  const { t } = useT();
  const { footprintId = '', organisationId = '' } = useParams();
  const sectorName = useSectorName();
  const [period, setPeriod] = usePeriod();
  const rounds = useScoredRounds(footprintId);
  // Who it is, from any round of its history; its partners, those of the round shown.
  const members = useScoredRoundsMembers(footprintId);
  const roundMembers = useRoundMembers(footprintId, period);
  const scores = useRoundScores(footprintId, { organisationId, period });
  const history = useScoreHistory(footprintId, { organisationId });
  const member = members.data?.find((m) => m.id === organisationId);
  usePageTitle(member?.name ?? t('relationships.organisation'));

  const k = scores.data?.anonymityThreshold ?? 5;
  const find = (scope: string, measure: string, subject = organisationId) => scores.data?.items.find((s) => s.scope === scope && s.measure === measure && s.subject === subject);
  const rhi = find('organisation', 'rhi');
  const received = find('network', 'trust_received');
  const given = find('network', 'trust_given');
  const periods = useMemo(() => history.data?.rounds.map((r) => r.period) ?? [], [history.data]);
  const option = useMemo(() => {
    const items = history.data?.items ?? [];
    const of = (scope: string, measure: string) => seriesOf(items.filter((s) => s.scope === scope && s.measure === measure), organisationId, periods);
    return trendOption(
      periods,
      [
        { name: t('relationships.rhi'), values: of('organisation', 'rhi') },
        { name: t('relationships.network.trustReceived'), values: of('network', 'trust_received') },
        { name: t('relationships.network.trustGiven'), values: of('network', 'trust_given') },
      ],
      points,
    );
  }, [history.data, periods, organisationId, t]);
  const partners = useMemo(() => bySector((roundMembers.data ?? []).filter((m) => m.id !== organisationId)), [roundMembers.data, organisationId]);
  const figure = (score: Score | undefined) => (score ? <ScoreCell mean={score.mean} band={score.band} suppressed={score.suppressed} k={k} /> : '–');
  const count = (score: Score | undefined) => (!score ? '–' : score.suppressed || score.n === null ? <Withheld k={k} /> : String(score.n));
  const round = scores.data?.round;
  const trendTitle = t('relationships.organisationPage.trend', { name: member?.name ?? '' });

  return (
    <>
      <BackLink to={inRound(`/footprints/${footprintId}/relationships`, period)}>{t('relationships.backToHeatmap')}</BackLink>
      <h1>
        {member?.name ?? t('relationships.organisation')}
        {member && <span className="nhsuk-caption-l">{sectorName(member.sector)}</span>}
      </h1>
      {members.data && !member ? (
        <p>{t('relationships.organisationPage.unknown')}</p>
      ) : (
        <PageState loading={members.isLoading || roundMembers.isLoading || scores.isLoading} failed={members.isError || roundMembers.isError || scores.isError} empty={!!scores.data && !round} />
      )}
      {rounds.data && rounds.data.length > 1 && <RoundSelect rounds={rounds.data} period={period} onChange={setPeriod} />}
      {member && round && (
        <>
          <h2>{t('relationships.organisationPage.figures', { period: round.period })}</h2>
          <SummaryList
            rows={[
              { key: t('relationships.rhi'), value: figure(rhi) },
              { key: t('relationships.network.trustReceived'), value: figure(received) },
              { key: t('relationships.network.ratedBy'), value: count(received) },
              { key: t('relationships.network.trustGiven'), value: figure(given) },
              { key: t('relationships.network.rated'), value: count(given) },
            ]}
          />
          <Table
            caption={t('relationships.organisationPage.dimensions')}
            head={[t('relationships.dimension'), t('relationships.score'), t('relationships.change')]}
            rows={DIMENSIONS.map((dimension) => {
              const score = find('organisation', dimension);
              const delta = score?.comparison;
              return [
                t(`relationships.dimension.${dimension}` as MessageKey),
                figure(score),
                !delta ? '–' : delta.suppressed || delta.delta === null ? <Withheld k={k} /> : `${signedPoints(delta.delta)}${delta.significant ? ` (${t('relationships.significant')})` : ''}`,
              ];
            })}
          />
          <Table
            caption={t('relationships.organisationPage.ties')}
            head={[t('relationships.organisationPage.partner'), t('relationships.organisationPage.gives'), t('relationships.organisationPage.receives'), t('relationships.gap')]}
            rows={partners.map((partner) => {
              const out = find('dyad', 'partner_rating', `${organisationId}>${partner.id}`);
              const back = find('dyad', 'partner_rating', `${partner.id}>${organisationId}`);
              const gap = out?.perceptionGap;
              return [
                partner.name,
                <Link to={inRound(`/footprints/${footprintId}/ties/${organisationId}/${partner.id}`, period)}>
                  {out ? figure(out) : t('relationships.unrated')}
                  <span className="nhsuk-u-visually-hidden"> ({t('relationships.tie', { rater: member.name, rated: partner.name })})</span>
                </Link>,
                <Link to={inRound(`/footprints/${footprintId}/ties/${partner.id}/${organisationId}`, period)}>
                  {back ? figure(back) : t('relationships.unrated')}
                  <span className="nhsuk-u-visually-hidden"> ({t('relationships.tie', { rater: partner.name, rated: member.name })})</span>
                </Link>,
                !gap || out?.suppressed ? '–' : gap.suppressed || gap.value === null ? <Withheld k={k} /> : signedPoints(gap.value),
              ];
            })}
          />
          {periods.length > 0 && (
            <ChartFigure
              title={trendTitle}
              option={option}
              height={280}
              csv={{
                path: '/api/v1/bi/trends',
                filters: { footprint: footprintId, organisation: organisationId, scope: ['organisation', 'network'], measure: TREND_MEASURES, from: periods[0], to: periods[periods.length - 1] },
                filename: 'organisation-trends.csv',
              }}
              table={
                <Table
                  caption={trendTitle}
                  head={[t('relationships.round'), t('relationships.rhi'), t('relationships.network.trustReceived'), t('relationships.network.trustGiven')]}
                  rows={periods.map((p) => {
                    const at = (scope: string, measure: string) => history.data?.items.find((s) => s.period === p && s.scope === scope && s.measure === measure && s.subject === organisationId);
                    return [p, figure(at('organisation', 'rhi')), figure(at('network', 'trust_received')), figure(at('network', 'trust_given'))];
                  })}
                />
              }
            />
          )}
        </>
      )}
    </>
  );
}
