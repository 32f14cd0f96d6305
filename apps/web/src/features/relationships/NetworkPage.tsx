import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { BandTag, ChartFigure, Withheld } from '../../charts';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Select, SummaryList, Table } from '../../ui';
import { NetworkGraph } from './NetworkGraph';
import { networkElements, networkExportFilters, SECTOR_COLOURS } from './network';
import { inRound, PageState, points, RoundSelect, SECTORS, usePeriod, useSectorName, WhenOpened } from './parts';
import { useRoundDyads, useRoundMembers, useRoundScores, useScoredRounds } from './use-relationships';
import './relationships.scss';

const FOOTPRINT_MEASURES: readonly { measure: string; label: MessageKey; share: boolean }[] = [
  { measure: 'density', label: 'relationships.network.density', share: true },
  { measure: 'strong_tie_share', label: 'relationships.network.strongTieShare', share: true },
  { measure: 'reciprocity', label: 'relationships.network.reciprocity', share: true },
  { measure: 'mean_asymmetry', label: 'relationships.network.meanAsymmetry', share: false },
];

/**
 * `/footprints/:footprintId/network`: the network map (Cytoscape.js) of one scored round, filtered
 * by sector, with the footprint's network measures and, as its text alternative, two tables of
 * the same view: every member's trust received and given, and every tie drawn (its score, band and
 * whether it is of concern), each with the CSV of exactly its rows.
 */
export function NetworkPage() {
  const { t } = useT();
  usePageTitle(t('relationships.network.title'));
  const { footprintId = '' } = useParams();
  const navigate = useNavigate();
  const sectorName = useSectorName();
  const [period, setPeriod] = usePeriod();
  const [sector, setSector] = useState('');
  const rounds = useScoredRounds(footprintId);
  const members = useRoundMembers(footprintId, period);
  // The ties in one read, shared with the heatmap through the query cache.
  const dyads = useRoundDyads(footprintId, period);
  const network = useRoundScores(footprintId, { scope: 'network', period });

  const k = network.data?.anonymityThreshold ?? 5;
  const elements = useMemo(
    () =>
      members.data && dyads.data && network.data
        ? networkElements(
            members.data.map((m) => ({ id: m.id, name: m.name, sector: m.sector })),
            dyads.data.items,
            network.data.items,
            sector || undefined,
          )
        : null,
    [members.data, dyads.data, network.data, sector],
  );
  const measureOf = (organisationId: string | null, measure: string) => network.data?.items.find((s) => s.organisationId === organisationId && s.measure === measure);
  const round = network.data?.round;
  const title = t('relationships.network.figure', { period: round?.period ?? '' });
  const tiesTitle = t('relationships.network.tiesTitle', { period: round?.period ?? '' });
  const shownMembers = elements ? new Set(elements.nodes.map((n) => n.data.id)) : new Set<string>();
  const exports = elements && members.data ? networkExportFilters(members.data, elements, sector || undefined) : null;
  const roundFilters = round ? { footprint: footprintId, from: round.period, to: round.period } : {};
  const tieHref = (raterId: string, ratedId: string) => `/footprints/${footprintId}/ties/${raterId}/${ratedId}${period ? `?period=${period}` : ''}`;

  return (
    <>
      <h1>{t('relationships.network.title')}</h1>
      <p>{t('relationships.network.lead')}</p>
      <div className="pp-filters">
        {rounds.data && rounds.data.length > 1 && <RoundSelect rounds={rounds.data} period={period} onChange={setPeriod} />}
        <Select
          id="sector"
          label={t('relationships.network.sector')}
          value={sector}
          options={[{ value: '', label: t('relationships.network.allSectors') }, ...SECTORS.map((s) => ({ value: s, label: sectorName(s) }))]}
          onChange={(event) => setSector(event.target.value)}
        />
      </div>
      <PageState loading={members.isLoading || dyads.isLoading || network.isLoading} failed={members.isError || dyads.isError || network.isError} empty={!!network.data && !round} />
      {elements && round && (
        <>
          <SummaryList
            rows={FOOTPRINT_MEASURES.map(({ measure, label, share }) => {
              const score = measureOf(null, measure);
              return {
                key: t(label),
                value: !score ? '–' : score.suppressed || score.mean === null ? <Withheld k={k} /> : share ? `${Math.round(score.mean * 100)}%` : points(score.mean),
              };
            })}
          />
          <ul className="pp-legend" aria-label={t('relationships.legend')}>
            {SECTORS.map((s) => (
              <li key={s}>
                <span className="pp-legend__dot" style={{ background: SECTOR_COLOURS[s] }} aria-hidden="true" /> {sectorName(s)}
              </li>
            ))}
            <li>
              <span className="pp-legend__line pp-legend__line--concern" aria-hidden="true" /> {t('relationships.network.concernTie')}
            </li>
            <li>
              <span className="pp-legend__line pp-legend__line--withheld" aria-hidden="true" /> {t('relationships.network.withheldTie', { k })}
            </li>
            <li>
              <span className="pp-legend__dot pp-legend__dot--withheld" aria-hidden="true" /> {t('relationships.network.withheldNode', { k })}
            </li>
            <li>
              <span className="pp-legend__dot pp-legend__dot--isolated" aria-hidden="true" /> {t('relationships.network.isolatedKey')}
            </li>
          </ul>
          {elements.isolated.length > 0 && (
            <p>
              <strong>{t('relationships.network.isolated')}</strong> {elements.isolated.map((m) => m.name).join(', ')}
            </p>
          )}
          <ChartFigure
            title={title}
            drawing={
              <NetworkGraph
                elements={elements}
                label={t('relationships.network.summary', { members: elements.nodes.length, ties: elements.edges.length })}
                onMember={(id) => void navigate(inRound(`/footprints/${footprintId}/organisations/${id}`, period))}
              />
            }
            csv={exports ? { path: '/api/v1/bi/scores', filters: { ...roundFilters, ...exports.members }, filename: `network-${round.period}${sector ? `-${sector}` : ''}.csv` } : undefined}
            table={
              <Table
                caption={title}
                head={[t('relationships.organisation'), t('relationships.sector'), t('relationships.network.trustReceived'), t('relationships.network.ratedBy'), t('relationships.network.trustGiven'), t('relationships.network.rated')]}
                rows={(members.data ?? [])
                  .filter((m) => shownMembers.has(m.id))
                  .map((m) => {
                    const received = measureOf(m.id, 'trust_received');
                    const given = measureOf(m.id, 'trust_given');
                    const value = (s: typeof received) => (!s ? '–' : s.suppressed || s.mean === null ? <Withheld k={k} /> : points(s.mean));
                    const count = (s: typeof received) => (!s ? '0' : s.suppressed || s.n === null ? <Withheld k={k} /> : String(s.n));
                    return [<Link to={inRound(`/footprints/${footprintId}/organisations/${m.id}`, period)}>{m.name}</Link>, sectorName(m.sector), value(received), count(received), value(given), count(given)];
                  })}
              />
            }
            moreTables={[
              {
                title: tiesTitle,
                csv: exports ? { path: '/api/v1/bi/scores', filters: { ...roundFilters, ...exports.ties }, filename: `network-ties-${round.period}${sector ? `-${sector}` : ''}.csv` } : undefined,
                // Built only when opened: a 60-member footprint has 3,540 ties.
                table: (
                  <WhenOpened>
                    {() => (
                      <Table
                        caption={tiesTitle}
                        head={[t('relationships.rater'), t('relationships.rated'), t('relationships.score'), t('relationships.network.band'), t('relationships.network.concernHead')]}
                        rows={elements.ties.map((tie) => [
                          tie.rater.name,
                          <Link to={tieHref(tie.rater.id, tie.rated.id)}>
                            {tie.rated.name}
                            <span className="nhsuk-u-visually-hidden"> ({t('relationships.tie', { rater: tie.rater.name, rated: tie.rated.name })})</span>
                          </Link>,
                          tie.mean === null ? <Withheld k={k} /> : points(tie.mean),
                          tie.band ? <BandTag band={tie.band} /> : '',
                          // Nothing for a withheld tie: "no" would say its band is not concern.
                          tie.mean === null ? '' : tie.concern ? <strong>{t('relationships.network.concernYes')}</strong> : t('relationships.network.concernNo'),
                        ])}
                      />
                    )}
                  </WhenOpened>
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
