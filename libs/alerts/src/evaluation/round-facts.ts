import { anonymityThreshold, type FootprintDecisions, gateDecisions, type GateQuery, reverseScoreKey, scoreCellKey } from '@pp/scoring';
import type { EntityManager } from 'typeorm';
import type { OrganisationResponses, RoundFacts, ScoreFact } from './evaluate-rules';

export interface RoundToEvaluate {
  id: string;
  footprintId: string;
  period: string;
  status: string;
}

/** The scopes the rules read; sector, organisation and network rows are not watched. */
const WATCHED_SCOPES = ['footprint', 'dimension', 'dyad', 'sector_pair'];

/**
 * Reads what the rules need from the tables of the survey engine and of scoring. Plain SQL over
 * their tables, as scoring reads the survey engine's: the worker serves no HTTP and so loads no
 * survey or identity module.
 */
export async function readRound(manager: EntityManager, roundId: string): Promise<RoundToEvaluate | null> {
  const [round] = await manager.query('SELECT id, footprint_id AS "footprintId", period, status FROM round WHERE id = $1', [roundId]);
  return round ?? null;
}

/** True once the round's final scores are written (a provisional scoring never raises alerts). */
export async function hasFinalScores(manager: EntityManager, roundId: string): Promise<boolean> {
  const rows = await manager.query('SELECT 1 FROM round_scoring WHERE round_id = $1 AND NOT provisional', [roundId]);
  return rows.length > 0;
}

export async function readRoundFacts(manager: EntityManager, round: RoundToEvaluate): Promise<RoundFacts> {
  const [footprint] = await manager.query('SELECT anonymity_threshold FROM footprint WHERE id = $1', [round.footprintId]);
  // The gate's decision first, the scores after: a large round's score rows (tens of thousands, every
  // column the rules read) are not held while the gate reads the round's cells and decides.
  const decided = await gateDecisionsOf(manager, round, footprint.anonymity_threshold);
  const scores: ScoreFact[] = await manager.query(
    `SELECT scope, subject, measure, organisation_id AS "organisationId", partner_organisation_id AS "partnerOrganisationId",
       sector, partner_sector AS "partnerSector", respondents, mean, previous_round_id AS "previousRoundId", previous_mean AS "previousMean",
       previous_respondents AS "previousRespondents", delta, p_value AS "pValue", significant,
       consecutive_declines AS "consecutiveDeclines", perception_gap AS "perceptionGap", gap_respondents AS "gapRespondents"
     FROM score WHERE round_id = $1 AND NOT provisional AND scope = ANY($2::text[])`,
    [round.id, WATCHED_SCOPES],
  );
  const responses: (OrganisationResponses & { name: string })[] = await manager.query(
    `SELECT i.organisation_id AS "organisationId", o.name, i.expected_respondents AS "expectedRespondents",
       (SELECT count(*)::int FROM response r WHERE r.round_id = i.round_id AND r.organisation_id = i.organisation_id) AS respondents
     FROM invitation i JOIN organisation o ON o.id = i.organisation_id
     WHERE i.round_id = $1 ORDER BY o.name`,
    [round.id],
  );
  const rated = scores.flatMap((s) => [s.organisationId, s.partnerOrganisationId]).filter((id): id is string => id !== null);
  const named: { id: string; name: string }[] = await manager.query('SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])', [[...new Set(rated)]]);
  const names = new Map([...named.map((o) => [o.id, o.name] as const), ...responses.map((o) => [o.organisationId, o.name] as const)]);
  return { anonymityThreshold: footprint.anonymity_threshold, scores: throughTheGate(decided, round, scores), responses, names };
}

/** The one round gate's decisions (@pp/scoring) for the round and the earlier rounds its comparisons look back on. */
function gateDecisionsOf(manager: EntityManager, round: RoundToEvaluate, threshold: number): Promise<FootprintDecisions> {
  // The gate reads text rows, as PostgreSQL writes each value (bytea as \x and hex).
  const asText = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : String(v));
  const query: GateQuery = async (text, values) => {
    const rows = (await manager.query(text, [...values])) as unknown[];
    // Each row turned to text in place, so a large round's rows as objects go as their text rows come, not both held at once.
    for (let i = 0; i < rows.length; i++) rows[i] = Object.values(rows[i] as Record<string, unknown>).map(asText);
    return rows as (string | null)[][];
  };
  return gateDecisions.load(query, { id: round.footprintId, anonymityThreshold: anonymityThreshold(threshold) }, { from: round.period, to: round.period });
}

/**
 * The scores as the one round gate of @pp/scoring publishes them (the same decisions every read path
 * applies): a withheld score, or a comparison or gap leaning on a withheld figure, counts as resting
 * on no respondents, so no rule observes it and no alert, email or webhook gives it away.
 */
function throughTheGate(decided: FootprintDecisions, round: RoundToEvaluate, scores: ScoreFact[]): ScoreFact[] {
  const shows = (roundId: string | null | undefined, key: string | null) => {
    const withheld = roundId ? decided.withheld.get(roundId) : undefined;
    return key !== null && withheld !== undefined && !withheld.has(key);
  };
  // In place: the rows were read for this evaluation alone, and a spread copy of each of a large
  // round's tens of thousands of rows (V8 makes a dictionary object of it) weighed on the worker.
  for (const s of scores) {
    const key = scoreCellKey(s);
    s.respondents = shows(round.id, key) ? s.respondents : 0;
    s.previousRespondents = shows(s.previousRoundId, key) ? s.previousRespondents : 0;
    s.gapRespondents = s.perceptionGap === null || shows(round.id, reverseScoreKey(s)) ? s.gapRespondents : 0;
  }
  return scores;
}
