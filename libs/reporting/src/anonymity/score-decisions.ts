import type { TextQuery } from '../read-models/read-model';
import { sectorSql } from '../read-models/shared-columns';
import { type ScoreCell, withheldScores } from './score-gate';

/** A scored round of a footprint, in period order. */
export interface ScoredRound {
  id: string;
  period: string;
  provisional: boolean;
}

/** A round's latest scoring run: its decisions hold until the round is scored again. */
export interface ScoringRun extends ScoredRound {
  computedAt: string;
}

/** What a caller selects from `round_scoring rs` for scoringRun(), as text. */
export const SCORING_RUN_COLUMNS = 'rs.round_id, rs.period, rs.provisional, rs.computed_at::text';

export function scoringRun([id, period, provisional, computedAt]: readonly (string | null)[]): ScoringRun {
  return { id: id!, period: period!, provisional: provisional === 't' || provisional === 'true', computedAt: computedAt! };
}

/** Decisions are kept per round, scoring run and threshold: a rescore or a new k decides afresh. */
const versionOf = (run: ScoringRun, k: number) => `${run.id}|${run.computedAt}|${k}`;

/** The score keys withheld in one round. */
export interface WithheldKeys {
  has(key: string): boolean;
}

/** What the gate decided for a footprint's rounds: each round's withheld score keys. */
export interface FootprintDecisions {
  rounds: readonly ScoredRound[];
  withheld: ReadonlyMap<string, WithheldKeys>;
}

/** Rounds whose decisions stay in memory, enough for every round of a large platform's scheduled export. */
const CACHED_ROUNDS = 2048;

/** FNV-1a, 32 bits. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Withheld keys kept as sorted 32-bit hashes, four bytes each instead of ~90-character strings (or
 * a Set's entry), so a cache of thousands of rounds stays small, and so they are stored compactly
 * (score_gate_decision.withheld). A collision can only withhold a cell that would have been shown,
 * never the reverse.
 */
class HashedKeys implements WithheldKeys {
  constructor(private readonly hashes: Uint32Array) {}

  static of(keys: Iterable<string>): HashedKeys {
    return new HashedKeys(Uint32Array.from(keys, hash).sort());
  }

  /** As stored: the hashes in order, four bytes each, little-endian. */
  static fromStored(bytes: Buffer): HashedKeys {
    const hashes = new Uint32Array(bytes.length / 4);
    for (let i = 0; i < hashes.length; i++) hashes[i] = bytes.readUInt32LE(i * 4);
    return new HashedKeys(hashes);
  }

  stored(): Buffer {
    const bytes = Buffer.alloc(this.hashes.length * 4);
    this.hashes.forEach((h, i) => bytes.writeUInt32LE(h, i * 4));
    return bytes;
  }

  has(key: string): boolean {
    const wanted = hash(key);
    let low = 0;
    let high = this.hashes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.hashes[middle]!;
      if (found === wanted) return true;
      if (found < wanted) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/** Earlier rounds a trend looks back over: the previous round (delta) and two more (the slope over four). */
const TREND_WINDOW = 3;

/** The runs of the rounds in `periods` and of the earlier rounds their trends compare with. */
function needed(runs: readonly ScoringRun[], periods: { from?: string; to?: string }): ScoringRun[] {
  const first = runs.findIndex((r) => !periods.from || r.period >= periods.from);
  return runs.filter((r, i) => first >= 0 && i >= first - TREND_WINDOW && (!periods.to || r.period <= periods.to));
}

/** Runs the gate over whole rounds, whatever rows a request asks for, so no filter changes what is withheld. */
export class ScoreDecisions {
  private readonly cache = new Map<string, WithheldKeys>();

  /** Decisions for the footprint's rounds in `periods`, and the earlier rounds their trends compare with. */
  async load(query: TextQuery, footprint: { id: string; anonymityThreshold: number }, periods: { from?: string; to?: string }): Promise<FootprintDecisions> {
    const rows = await query(`SELECT ${SCORING_RUN_COLUMNS} FROM round_scoring rs WHERE rs.footprint_id = $1::uuid ORDER BY rs.period`, [footprint.id]);
    return this.decide(query, footprint, rows.map(scoringRun), periods);
  }

  /**
   * The same from the footprint's scoring runs as read by the caller (SCORING_RUN_COLUMNS, period
   * order), or undefined if any of them is still to be decided: deciding must read the cells in the
   * caller's snapshot, which load() and decide() do.
   */
  cached(footprint: { anonymityThreshold: number }, runs: readonly ScoringRun[], periods: { from?: string; to?: string }): FootprintDecisions | undefined {
    const { withheld, missing } = this.lookUp(footprint.anonymityThreshold, runs, periods);
    return missing.length === 0 ? { rounds: runs, withheld } : undefined;
  }

  /**
   * Decisions for `runs` (the footprint's scoring runs, read in the snapshot `query` runs in): from
   * memory, else as the worker stored them for the same scoring run and threshold, else decided here.
   */
  async decide(query: TextQuery, footprint: { id: string; anonymityThreshold: number }, runs: readonly ScoringRun[], periods: { from?: string; to?: string }): Promise<FootprintDecisions> {
    const k = footprint.anonymityThreshold;
    const { withheld, missing } = this.lookUp(k, runs, periods);
    const stored = missing.length ? await storedDecisions(query, missing, k) : new Map<string, HashedKeys>();
    for (const run of missing) {
      // One round at a time: its cells are garbage before the next round's arrive, so memory stays at one round's worth.
      const decided = stored.get(run.id) ?? HashedKeys.of(withheldScores(await roundCells(query, run.id), k));
      withheld.set(run.id, decided);
      this.remember(versionOf(run, k), decided);
    }
    return { rounds: runs, withheld };
  }

  /** The needed runs' cached decisions, and the runs still to be decided. */
  private lookUp(k: number, runs: readonly ScoringRun[], periods: { from?: string; to?: string }): { withheld: Map<string, WithheldKeys>; missing: ScoringRun[] } {
    const withheld = new Map<string, WithheldKeys>();
    const missing = needed(runs, periods).filter((run) => {
      const cached = this.cache.get(versionOf(run, k));
      if (cached) withheld.set(run.id, cached);
      return !cached;
    });
    return { withheld, missing };
  }

  private remember(key: string, decided: WithheldKeys): void {
    if (this.cache.size >= CACHED_ROUNDS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, decided);
  }
}

/** A round's scores as the gate sees them. */
export async function roundCells(query: TextQuery, roundId: string): Promise<ScoreCell[]> {
  const cells = await query(
    `SELECT s.scope, s.subject, s.measure, s.respondents, coalesce(s.sector, ${sectorSql('o.type')}), coalesce(s.partner_sector, ${sectorSql('p.type')}),
       s.organisation_id, s.partner_organisation_id
     FROM score s LEFT JOIN organisation o ON o.id = s.organisation_id LEFT JOIN organisation p ON p.id = s.partner_organisation_id
     WHERE s.round_id = $1::uuid`,
    [roundId],
  );
  return cells.map(([scope, subject, measure, respondents, sector, partnerSector, organisationId, partnerOrganisationId]): ScoreCell => ({
    scope: scope!,
    subject: subject!,
    measure: measure!,
    respondents: Number(respondents),
    sector,
    partnerSector,
    organisationId,
    partnerOrganisationId,
  }));
}

/** What the gate withholds in a round's cells at threshold k, as score_gate_decision.withheld stores it. */
export function withheldForStorage(cells: readonly ScoreCell[], k: number): Buffer {
  return HashedKeys.of(withheldScores(cells, k)).stored();
}

/** The worker's stored decisions for these scoring runs at threshold k; a row of an earlier run of a round does not count. */
async function storedDecisions(query: TextQuery, runs: readonly ScoringRun[], k: number): Promise<Map<string, HashedKeys>> {
  const rows = await query(
    `SELECT d.round_id, d.withheld FROM score_gate_decision d
     JOIN unnest($1::uuid[], $2::timestamptz[]) AS r(round_id, computed_at) ON r.round_id = d.round_id AND r.computed_at = d.computed_at
     WHERE d.anonymity_threshold = $3`,
    [runs.map((r) => r.id), runs.map((r) => r.computedAt), k],
  );
  // Text rows: bytea comes as \x followed by hex.
  return new Map(rows.map(([roundId, withheld]) => [roundId!, HashedKeys.fromStored(Buffer.from(withheld!.slice(2), 'hex'))]));
}

/** The final rounds before `roundId` that a trend compares with, newest first. */
export function earlierRounds(decisions: FootprintDecisions, roundId: string): ScoredRound[] {
  const index = decisions.rounds.findIndex((r) => r.id === roundId);
  return decisions.rounds
    .slice(0, Math.max(index, 0))
    .filter((r) => !r.provisional)
    .slice(-TREND_WINDOW)
    .reverse();
}

/** One cache for every read model that shows scores or facts about them (scores, trends, alerts). */
export const scoreDecisions = new ScoreDecisions();
