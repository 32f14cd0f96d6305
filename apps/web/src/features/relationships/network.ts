import { BAND_COLOURS } from '../../charts/bands';
import { bySector, type DyadScore, type HeatmapMember } from './heatmap';

/**
 * The network map's elements as pure data for Cytoscape.js: members as nodes (coloured by sector,
 * sized by trust received), ties as directed edges (weighted by score, ties of concern in red). A
 * withheld tie is drawn thin and dashed with no weight and no colour of a band; a withheld trust
 * received leaves the node at its smallest size. Figures come from the API as they are.
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

export interface NetworkNode {
  data: { id: string; label: string; sector: string; colour: string; size: number; isolated: boolean };
}

export interface NetworkEdge {
  data: { id: string; source: string; target: string; withheld: boolean; concern: boolean; width: number; colour: string };
}

export interface NetworkElements {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** Members with no tie drawn either way (nobody rated them and they rated nobody in this view). */
  isolated: HeatmapMember[];
}

/** Node side for a trust received on 0–100 (null: withheld or nobody rated it). */
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
  const touched = new Set<string>();
  for (const dyad of dyads) {
    const source = dyad.organisationId && byId.get(dyad.organisationId);
    const target = dyad.partnerOrganisationId && byId.get(dyad.partnerOrganisationId);
    if (!source || !target || !(inSector(source) || inSector(target))) continue;
    const withheld = dyad.suppressed || dyad.mean === null;
    const concern = !withheld && dyad.band === 'concern';
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
    touched.add(source.id).add(target.id);
  }
  const received = new Map<string, number | null>();
  for (const m of measures) {
    if (m.measure === 'trust_received' && m.organisationId) received.set(m.organisationId, m.suppressed ? null : m.mean);
  }
  const shown = bySector(members.filter((m) => inSector(m) || touched.has(m.id)));
  const isolated = shown.filter((m) => !touched.has(m.id));
  return {
    nodes: shown.map((m) => ({
      data: { id: m.id, label: m.name, sector: m.sector, colour: SECTOR_COLOURS[m.sector] ?? SECTOR_COLOURS.other!, size: nodeSize(received.get(m.id) ?? null), isolated: !touched.has(m.id) },
    })),
    edges,
    isolated,
  };
}
