import { BAND_COLOURS, type Band } from '../../charts/bands';
import type { BiFilters } from '../../charts/bi-export';
import { bySector, type DyadScore, type HeatmapMember, isBand } from './heatmap';

/**
 * The network map's elements as pure data for Cytoscape.js: members as nodes (coloured by sector,
 * sized by trust received), ties as directed edges (weighted by score, ties of concern in red). A
 * withheld tie is drawn thin and dashed with no weight and no colour of a band; a member whose
 * trust received is withheld is drawn hollow at one fixed size (NODE_WITHHELD), so its size says
 * nothing of the value the gate withheld. Figures come from the API as they are.
 */
export interface MemberMeasure {
  organisationId: string | null;
  measure: string;
  suppressed: boolean;
  mean: number | null;
  n: number | null;
}

/** Each sector's node colour (3:1 or more on white, none of them a band's colour). */
export const SECTOR_COLOURS: Readonly<Record<string, string>> = {
  nhs: '#003087',
  local_government: '#7c2855',
  voluntary: '#4c6272',
  other: '#330072',
};

export const NODE_MIN = 24;
export const NODE_MAX = 64;
/** The one size of a member whose trust received is withheld: not derived from any value. */
export const NODE_WITHHELD = 32;

export interface NetworkNode {
  /** `withheld`: its trust received is withheld by the gate (drawn hollow at NODE_WITHHELD). */
  data: { id: string; label: string; sector: string; colour: string; size: number; isolated: boolean; withheld: boolean };
}

/** A tie as the ties table lists it: withheld ties carry no score, band or concern. */
export interface NetworkTie {
  rater: HeatmapMember;
  rated: HeatmapMember;
  mean: number | null;
  band: Band | null;
  /** Drawn red on the map: a shown tie in the concern band. */
  concern: boolean;
}

export interface NetworkEdge {
  data: { id: string; source: string; target: string; withheld: boolean; concern: boolean; width: number; colour: string };
}

export interface NetworkElements {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** The drawn ties for the ties table, by rater then rated in the nodes' (sector) order. */
  ties: NetworkTie[];
  /** Members with no tie drawn either way (nobody rated them and they rated nobody in this view). */
  isolated: HeatmapMember[];
  /** The view is the whole round: no sector chosen, and every tie and trust figure is of a current member (none left out). */
  whole: boolean;
}

/** Node side for a trust received on 0–100 (null: nobody rated it; a withheld one is NODE_WITHHELD, never sized). */
export function nodeSize(trustReceived: number | null): number {
  return trustReceived === null ? NODE_MIN : Math.round(NODE_MIN + ((NODE_MAX - NODE_MIN) * Math.max(0, Math.min(100, trustReceived))) / 100);
}

/** Edge width for a tie's score on 0–100 (withheld: a fixed hairline, which says nothing of its value). */
export function edgeWidth(score: number | null): number {
  return score === null ? 1 : Math.round((1 + (5 * Math.max(0, Math.min(100, score))) / 100) * 10) / 10;
}

/**
 * Elements for `members` and `dyads`. With `sector`, the view keeps the ties from or to that
 * sector's members, and the members at either end of them plus every member of the sector.
 */
export function networkElements(members: readonly HeatmapMember[], dyads: readonly DyadScore[], measures: readonly MemberMeasure[], sector?: string): NetworkElements {
  const inSector = (m: HeatmapMember | undefined) => !sector || m?.sector === sector;
  const byId = new Map(members.map((m) => [m.id, m]));
  const edges: NetworkEdge[] = [];
  const ties: NetworkTie[] = [];
  const touched = new Set<string>();
  // A tie or figure of an organisation that is no longer a member is left out (the map has no name for it).
  let whole = !sector;
  for (const dyad of dyads) {
    const source = dyad.organisationId && byId.get(dyad.organisationId);
    const target = dyad.partnerOrganisationId && byId.get(dyad.partnerOrganisationId);
    if (!source || !target) whole = false;
    if (!source || !target || !(inSector(source) || inSector(target))) continue;
    const withheld = dyad.suppressed || dyad.mean === null;
    const band = withheld || !isBand(dyad.band) ? null : dyad.band;
    const concern = band === 'concern';
    edges.push({
      data: {
        id: `${source.id}>${target.id}`,
        source: source.id,
        target: target.id,
        withheld,
        concern,
        width: edgeWidth(withheld ? null : dyad.mean),
        colour: concern ? BAND_COLOURS.concern.chart : withheld ? '#aeb7bd' : '#768692',
      },
    });
    ties.push({ rater: source, rated: target, mean: withheld ? null : dyad.mean, band, concern });
    touched.add(source.id).add(target.id);
  }
  // A withheld trust received is kept apart from its (empty) value: it must not reach nodeSize at all.
  const received = new Map<string, { withheld: boolean; mean: number | null }>();
  for (const m of measures) {
    if (m.organisationId && !byId.has(m.organisationId)) whole = false;
    if (m.measure === 'trust_received' && m.organisationId) received.set(m.organisationId, m.suppressed || m.mean === null ? { withheld: m.suppressed, mean: null } : { withheld: false, mean: m.mean });
  }
  const shown = bySector(members.filter((m) => inSector(m) || touched.has(m.id)));
  const isolated = shown.filter((m) => !touched.has(m.id));
  const order = new Map(shown.map((m, i) => [m.id, i]));
  ties.sort((a, b) => order.get(a.rater.id)! - order.get(b.rater.id)! || order.get(a.rated.id)! - order.get(b.rated.id)!);
  return {
    nodes: shown.map((m) => {
      const trust = received.get(m.id);
      const withheld = trust?.withheld ?? false;
      return {
        data: {
          id: m.id,
          label: m.name,
          sector: m.sector,
          colour: SECTOR_COLOURS[m.sector] ?? SECTOR_COLOURS.other!,
          size: withheld ? NODE_WITHHELD : nodeSize(trust?.mean ?? null),
          isolated: !touched.has(m.id),
          withheld,
        },
      };
    }),
    edges,
    ties,
    isolated,
    whole,
  };
}

/** A member as the BI export's filters name it: its code (ODS/ONS), shorter in the address than its id. */
export interface CodedMember {
  id: string;
  code: string;
  sector: string;
}

/**
 * The BI scores export's filters for exactly what the network page's two tables show of one view.
 * The whole round (`elements.whole`) is the round's trust figures and ties as they are. Otherwise
 * the view is named by its organisations, as the export's `sector` filter matches only a dyad's
 * rater where the map keeps ties from OR to a sector's members: the members table by the members
 * shown (`organisation`); the ties by both ends among the members shown (`rater` and `rated`:
 * current members only, as the map draws) and, with a sector, at least one end in it
 * (`organisation`: a dyad either way). The API takes at most 100 organisations a filter, so only a
 * sector's view, or a round with former members, of more than 100 members cannot be downloaded.
 */
export function networkExportFilters(members: readonly CodedMember[], elements: NetworkElements, sector?: string): { members: BiFilters; ties: BiFilters } | null {
  const codeOf = new Map(members.map((m) => [m.id, m.code]));
  const shown = elements.nodes.map((n) => codeOf.get(n.data.id)).filter((code): code is string => !!code);
  // An empty list is no filter to the API (every row): an empty view has nothing to download.
  if (shown.length === 0) return null;
  const inSector = sector ? members.filter((m) => m.sector === sector).map((m) => m.code) : undefined;
  const trust = { scope: 'network', measure: ['trust_received', 'trust_given'] };
  const ties = { scope: 'dyad', measure: 'partner_rating' };
  if (elements.whole) return { members: trust, ties };
  return { members: { ...trust, organisation: shown }, ties: { ...ties, rater: shown, rated: shown, organisation: inSector } };
}
