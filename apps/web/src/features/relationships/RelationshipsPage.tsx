import { type KeyboardEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { BANDS, BandTag, ChartFigure, type ChartItemClick } from '../../charts';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Table } from '../../ui';
import { type CellPosition, focusBox, type HeatmapCell, heatmapHeight, heatmapModel, heatmapOption, moveFocus, scoredCells } from './heatmap';
import { inRound, PageState, points, RoundSelect, ScoreCell, usePeriod, useSectorName, WhenOpened } from './parts';
import { useRoundDyads, useRoundMembers, useScoredRounds } from './use-relationships';
import './relationships.scss';

// ECharts is fetched while the ties are (features/footprints/prefetch.ts starts it even before this chunk on a first load).
const preloadCharts = () => void import('../../charts/echarts-setup');

/**
 * `/footprints/:footprintId/relationships`: the dyad heatmap, rater × rated, grouped by sector and
 * coloured by band. A cell (clicked, or reached with the arrow keys and Enter) opens that tie's history.
 */
export function RelationshipsPage() {
  const { t } = useT();
  usePageTitle(t('relationships.title'));
  const { footprintId = '' } = useParams();
  const navigate = useNavigate();
  const sectorName = useSectorName();
  const [period, setPeriod] = usePeriod();
  const rounds = useScoredRounds(footprintId);
  // The round's own members: those who have left since are in it, those who joined later are not.
  const members = useRoundMembers(footprintId, period);
  const dyads = useRoundDyads(footprintId, period);
  const [focus, setFocus] = useState<CellPosition>({ row: 0, column: 1 });
  useEffect(preloadCharts, []);

  const k = dyads.data?.anonymityThreshold ?? 5;
  const model = useMemo(
    () => (members.data && dyads.data ? heatmapModel(members.data.map((m) => ({ id: m.id, name: m.name, sector: m.sector })), dyads.data.items) : null),
    [members.data, dyads.data],
  );
  const tieHref = useCallback((cell: HeatmapCell) => inRound(`/footprints/${footprintId}/ties/${cell.rater.id}/${cell.rated.id}`, period), [footprintId, period]);
  const describe = useCallback(
    (cell: HeatmapCell) => {
      const tie = t('relationships.tie', { rater: cell.rater.name, rated: cell.rated.name });
      if (cell.state === 'scored' && cell.mean !== null && cell.band) {
        return `${tie}: ${points(cell.mean)}, ${t(`charts.band.${cell.band}`)}, ${t('relationships.respondents', { n: cell.respondents ?? 0 })}`;
      }
      if (cell.state === 'withheld') return `${tie}: ${t('charts.withheld', { k })}`;
      if (cell.state === 'self') return `${tie}: ${t('relationships.self')}`;
      return `${tie}: ${t('relationships.unrated')}`;
    },
    [t, k],
  );
  const option = useMemo(
    () =>
      model &&
      heatmapOption(
        model,
        { sector: sectorName, tooltip: describe, raterAxis: t('relationships.rater'), ratedAxis: t('relationships.rated') },
      ),
    // sectorName follows t, which is listed. The keyboard's focus is not: it moves an outline over the chart, not the chart.
    [model, describe, t],
  );
  // The chart's items are the scored cells in this order (heatmapOption draws scoredCells).
  const scored = useMemo(() => (model ? scoredCells(model) : []), [model]);
  const onItemClick = useCallback(
    (item: ChartItemClick) => {
      const cell = scored[item.dataIndex];
      if (cell) void navigate(tieHref(cell));
    },
    [navigate, tieHref, scored],
  );
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!model || model.members.length < 2) return;
    if (event.key === 'Enter' || event.key === ' ') {
      const cell = model.cells[focus.row]?.[focus.column];
      if (cell && cell.state !== 'self') {
        event.preventDefault();
        void navigate(tieHref(cell));
      }
      return;
    }
    const next = moveFocus(model, focus, event.key);
    if (next) {
      event.preventDefault();
      setFocus(next);
    }
  };
  const focused = model?.cells[focus.row]?.[focus.column];
  const title = t('relationships.heatmap.title', { period: dyads.data?.round?.period ?? '' });

  return (
    <>
      <h1>{t('relationships.title')}</h1>
      <p>{t('relationships.heatmap.lead')}</p>
      {rounds.data && rounds.data.length > 1 && <RoundSelect rounds={rounds.data} period={period} onChange={setPeriod} />}
      <PageState loading={members.isLoading || dyads.isLoading} failed={members.isError || dyads.isError} empty={!!dyads.data && !dyads.data.round} />
      {model && option && dyads.data?.round && (
        <>
          <ul className="pp-legend" aria-label={t('relationships.legend')}>
            {BANDS.map((band) => (
              <li key={band}>
                <span className={`pp-legend__swatch pp-legend__swatch--${band}`} aria-hidden="true" /> <BandTag band={band} />
              </li>
            ))}
            <li>
              <span className="pp-legend__swatch pp-legend__swatch--blank" aria-hidden="true" /> {t('relationships.blankCell', { k })}
            </li>
          </ul>
          <ChartFigure
            title={title}
            summary={t('relationships.heatmap.summary', { members: model.members.length })}
            option={option}
            height={heatmapHeight(model)}
            onItemClick={onItemClick}
            keyboard={{
              instructions: t('relationships.heatmap.keys'),
              onKeyDown,
              status: focused ? describe(focused) : '',
              overlay: model.members.length > 0 && <div className="pp-heatmap-focus" aria-hidden="true" style={focusBox(model, focus)} />,
            }}
            csv={{
              path: '/api/v1/bi/scores',
              filters: { footprint: footprintId, scope: 'dyad', measure: 'partner_rating', from: dyads.data.round.period, to: dyads.data.round.period },
              filename: `ties-${dyads.data.round.period}.csv`,
            }}
            table={
              <WhenOpened>
                {() => (
                  <Table
                    caption={title}
                    head={[t('relationships.rater'), t('relationships.rated'), t('relationships.score'), t('relationships.respondentsHead')]}
                    rows={model.cells.flatMap((row) =>
                      row
                        .filter((cell) => cell.state !== 'self')
                        .map((cell) => [
                          cell.rater.name,
                          <Link to={tieHref(cell)}>
                            {cell.rated.name}
                            <span className="nhsuk-u-visually-hidden"> ({t('relationships.tie', { rater: cell.rater.name, rated: cell.rated.name })})</span>
                          </Link>,
                          cell.state === 'unrated' ? t('relationships.unrated') : <ScoreCell mean={cell.mean} band={cell.band} suppressed={cell.state === 'withheld'} k={k} />,
                          cell.state === 'scored' ? String(cell.respondents ?? '') : '',
                        ]),
                    )}
                  />
                )}
              </WhenOpened>
            }
          />
          <h2>{t('relationships.more')}</h2>
          <ul>
            <li>
              <Link to={`/footprints/${footprintId}/network`}>{t('footprints.nav.network')}</Link>
            </li>
            <li>
              <Link to={`/footprints/${footprintId}/sector-pairs`}>{t('footprints.nav.sectorPairs')}</Link>
            </li>
          </ul>
          <h2>{t('relationships.members')}</h2>
          <ul className="pp-columns">
            {model.members.map((member) => (
              <li key={member.id}>
                <Link to={inRound(`/footprints/${footprintId}/organisations/${member.id}`, period)}>{member.name}</Link> <span className="nhsuk-body-s">({sectorName(member.sector)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
