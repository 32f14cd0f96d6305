import { BAND_COLOURS, type Band } from '../../charts/bands';
import { sectorRank as rank } from './sectors';

/** A sector pair's score as the API publishes it. */
export interface SectorPairScore {
  sector: string | null;
  partnerSector: string | null;
  suppressed: boolean;
  mean: number | null;
  band: string | null;
  respondents: number | null;
  perceptionGap?: { suppressed: boolean; value: number | null } | null;
}

export interface SectorPairRow {
  from: string;
  to: string;
  suppressed: boolean;
  mean: number | null;
  band: Band | null;
  respondents: number | null;
  /** This direction minus the reverse; null when either is not scored. */
  gap: number | null;
  gapWithheld: boolean;
}

/** Rows in sector order (from, then to); a withheld pair keeps neither value, band, count nor gap. */
export function sectorPairRows(scores: readonly SectorPairScore[]): SectorPairRow[] {
  return scores
    .filter((s): s is SectorPairScore & { sector: string; partnerSector: string } => !!s.sector && !!s.partnerSector)
    .map((s): SectorPairRow => {
      const withheld = s.suppressed || s.mean === null;
      const gapWithheld = !withheld && !!s.perceptionGap?.suppressed;
      return {
        from: s.sector,
        to: s.partnerSector,
        suppressed: withheld,
        mean: withheld ? null : s.mean,
        band: withheld || !(s.band === 'strong' || s.band === 'moderate' || s.band === 'concern') ? null : s.band,
        respondents: withheld ? null : s.respondents,
        gap: withheld || gapWithheld ? null : (s.perceptionGap?.value ?? null),
        gapWithheld,
      };
    })
    .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}

/** NHS → local government minus local government → NHS, as the API gives it on the NHS → local government pair; null when not scored. */
export function nhsCouncilGap(scores: readonly SectorPairScore[]): { suppressed: boolean; value: number | null } | null {
  const pair = scores.find((s) => s.sector === 'nhs' && s.partnerSector === 'local_government');
  if (!pair) return null;
  if (pair.suppressed || !pair.perceptionGap) return pair.suppressed ? { suppressed: true, value: null } : null;
  return pair.perceptionGap.suppressed ? { suppressed: true, value: null } : { suppressed: false, value: pair.perceptionGap.value };
}

/**
 * Horizontal bars, one per sector pair, coloured by the API's band. A withheld pair keeps its
 * category (its name) with no bar, no value and no tooltip.
 */
export function sectorPairsOption(rows: readonly SectorPairRow[], name: (from: string, to: string) => string): Record<string, unknown> {
  return {
    grid: { left: 260, right: 40, top: 16, bottom: 32 },
    tooltip: {
      trigger: 'item',
      formatter: (params: { name: string; value: number | null; data: { band?: Band } | null }) => (params.value === null || params.value === undefined ? '' : `${params.name}: ${params.value.toFixed(1)}`),
    },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => name(r.from, r.to)), axisLabel: { width: 240, overflow: 'truncate', color: '#212b32' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 28,
        data: rows.map((r) => (r.mean === null || !r.band ? null : { value: r.mean, band: r.band, itemStyle: { color: BAND_COLOURS[r.band].chart } })),
        label: { show: true, position: 'right', formatter: (p: { value: number | null }) => (p.value === null ? '' : p.value.toFixed(1)), color: '#212b32' },
      },
    ],
  };
}
