import { type OrganisationType, sectorOf } from '@pp/registry';
import { decideRound, type GateDistributionCell, type GateDriverCell, type GateScoreCell, type RespondentGroup } from './round-gate';

/**
 * Where the round gate's decisions live: decided once per scoring run and threshold (by the worker's
 * 'round.gate' job after each run, or by the first reader when a lead has changed k since), stored
 * in score_gate_decision, kept in memory, and applied by every read path: the round routes, history,
 * the footprint summary, BI pages and exports. Nothing else decides what is withheld.
 */

/** Text rows of one statement (every value as PostgreSQL's text), in the caller's transaction or snapshot. */
export type GateQuery = (text: string, values: readonly unknown[], name?: string) => Promise<(string | null)[][]>;

/** A scored round of a footprint, in period order. */
export interface ScoredRoundRef {
  id: string;
  period: string;
  provisional: boolean;
}

/** A round's latest scoring run: its decisions hold until the round is scored again. */
export interface ScoringRun extends ScoredRoundRef {
  computedAt: string;
}

/** What a caller selects from `round_scoring rs` for scoringRun(), as text. */
export const SCORING_RUN_COLUMNS = 'rs.round_id, rs.period, rs.provisional, rs.computed_at::text';

export function scoringRun([id, period, provisional, computedAt]: readonly (string | null)[]): ScoringRun {
  return { id: id!, period: period!, provisional: isTrue(provisional), computedAt: computedAt! };
}

/** Decisions are kept per round, scoring run and threshold: a rescore or a new k decides afresh. */
const versionOf = (run: ScoringRun, k: number) => `${run.id}|${run.computedAt}|${k}`;

/** The cell keys (scoreCellKey, distributionCellKey) withheld in one round. */
export interface WithheldKeys {
  has(key: string): boolean;
}

/** What the gate decided for a footprint's rounds: each round's withheld keys (absent: withhold everything). */
export interface FootprintDecisions {
  rounds: readonly ScoredRoundRef[];
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
 * Withheld keys kept as sorted 32-bit hashes, four bytes each instead of ~90-character strings, so a
 * cache of thousands of rounds stays small, and stored so (score_gate_decision.withheld). A collision
 * can only withhold a cell that would have been shown, never the reverse.
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

  get size(): number {
    return this.hashes.length;
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

/** A boolean as text rows give it ('t'), or as a driver's values turned to text give it ('true'). */
const isTrue = (value: string | null) => value === 't' || value === 'true';

const sectorOfType = (type: string | null) => (type ? (sectorOf(type as OrganisationType) ?? null) : null);

/**
 * Everything the gate decides over for one scoring run of a round: its stored scores and
 * distributions and key drivers, and its respondents per organisation and role as at the run (the atoms).
 */
export async function roundGateInput(query: GateQuery, run: ScoringRun) {
  const scores = await query(
    // Every column named: a caller whose driver returns objects (alerts' EntityManager) must not lose one to a duplicate name.
    `SELECT s.scope, s.subject, s.measure, s.respondents, s.organisation_id, s.partner_organisation_id, coalesce(s.sector, o.type::text) AS sector_or_type,
       coalesce(s.partner_sector, p.type::text) AS partner_sector_or_type, s.sector IS NOT NULL AS sector_stored, s.partner_sector IS NOT NULL AS partner_sector_stored
     FROM score s LEFT JOIN organisation o ON o.id = s.organisation_id LEFT JOIN organisation p ON p.id = s.partner_organisation_id
     WHERE s.round_id = $1::uuid`,
    [run.id],
  );
  const distributions = await query(
    `SELECT d.question_key, d.breakdown, d.group_key, d.respondents, q.type = 'partner_rating' AS partner
     FROM question_distribution d JOIN round r ON r.id = d.round_id JOIN question q ON q.instrument_id = r.instrument_id AND q.key = d.question_key
     WHERE d.round_id = $1::uuid`,
    [run.id],
  );
  // Responses as at the run: a later submission is not in its figures.
  const groups = await query(
    `SELECT r.organisation_id, o.type::text AS organisation_type, r.respondent_role, count(*)::int AS respondents FROM response r JOIN organisation o ON o.id = r.organisation_id
     WHERE r.round_id = $1::uuid AND r.submitted_at <= $2::timestamptz GROUP BY 1, 2, 3`,
    [run.id, run.computedAt],
  );
  const drivers = await query('SELECT kind, key, respondents, model_respondents FROM key_driver WHERE round_id = $1::uuid', [run.id]);
  // Every row brings its own copy of an organisation's id (a rater's in each of its dyads), a scope's,
  // a measure's and a sector's name: one copy of each is kept, and each row is let go once read, so
  // a large round's 46,657 cells cost a few MB rather than its rows and cells side by side.
  const shared = new Map<string, string>();
  const once = (value: string | null): string | null => {
    if (value === null) return null;
    const kept = shared.get(value);
    if (kept !== undefined) return kept;
    shared.set(value, value);
    return value;
  };
  const cells = releasing(
    scores,
    ([scope, subject, measure, respondents, organisationId, partnerOrganisationId, sector, partnerSector, sectorStored, partnerStored]): GateScoreCell => ({
      scope: once(scope)!,
      subject: subject!,
      measure: once(measure)!,
      respondents: Number(respondents),
      organisationId: once(organisationId),
      partnerOrganisationId: once(partnerOrganisationId),
      sector: once(isTrue(sectorStored) ? sector : sectorOfType(sector)),
      partnerSector: once(isTrue(partnerStored) ? partnerSector : sectorOfType(partnerSector)),
    }),
  );
  return {
    provisional: run.provisional,
    scores: cells,
    distributions: distributions.map(([questionKey, breakdown, groupKey, respondents, partner]): GateDistributionCell => ({
      questionKey: questionKey!,
      breakdown: breakdown!,
      groupKey: groupKey!,
      respondents: Number(respondents),
      partner: isTrue(partner),
    })),
    respondentGroups: groups.map(([organisationId, organisationType, respondentRole, respondents]): RespondentGroup => ({
      organisationId: organisationId!,
      organisationType: organisationType!,
      respondentRole: respondentRole!,
      respondents: Number(respondents),
    })),
    drivers: drivers.flatMap(([kind, key, respondents, modelRespondents]): GateDriverCell[] => [
      { kind: kind!, key: key!, figure: 'correlation', respondents: Number(respondents) },
      { kind: kind!, key: key!, figure: 'weight', respondents: Number(modelRespondents) },
    ]),
  };
}

/** `rows` mapped in order, each row dropped from `rows` once mapped (so it can be collected while the rest are). */
function releasing<T>(rows: (string | null)[][], map: (row: (string | null)[]) => T): T[] {
  const mapped: T[] = [];
  const released: (string | null)[] = [];
  for (let i = 0; i < rows.length; i++) {
    mapped.push(map(rows[i]!));
    rows[i] = released;
  }
  return mapped;
}

/**
 * Decisions being made in this process, by run and threshold. The gate's job and a reader that asks
 * before the decision is stored (the round's alert evaluation, queued by the same commit) share one
 * making of it: each held a large round's cells and the gate's working state (bench:scoring's worker
 * peaked 40 to 90 MB higher while both decided at once). A decision is a function of the run and k alone.
 */
const deciding = new Map<string, Promise<HashedKeys>>();

/** The gate's decision for one scoring run at threshold k. */
function decideRun(query: GateQuery, run: ScoringRun, k: number): Promise<HashedKeys> {
  const version = versionOf(run, k);
  const pending = deciding.get(version);
  if (pending) return pending;
  const decision = (async () => HashedKeys.of(decideRound(await roundGateInput(query, run), k)))().finally(() => deciding.delete(version));
  deciding.set(version, decision);
  return decision;
}

/** The worker's stored decisions for these scoring runs at threshold k; a row of an earlier run of a round does not count. */
async function storedDecisions(query: GateQuery, runs: readonly ScoringRun[], k: number): Promise<Map<string, HashedKeys>> {
  const rows = await query(
    `SELECT d.round_id, d.withheld FROM score_gate_decision d
     JOIN unnest($1::uuid[], $2::timestamptz[]) AS r(round_id, computed_at) ON r.round_id = d.round_id AND r.computed_at = d.computed_at
     WHERE d.anonymity_threshold = $3`,
    [runs.map((r) => r.id), runs.map((r) => r.computedAt), k],
  );
  // Text rows: bytea comes as \x followed by hex.
  return new Map(rows.map(([roundId, withheld]) => [roundId!, HashedKeys.fromStored(Buffer.from(withheld!.slice(2), 'hex'))]));
}

/**
 * Decides a round's latest scoring run at threshold k and stores it (the worker, after each run).
 * `query` must run in one snapshot, so the run and its cells agree. Returns how many cells it withholds.
 */
export async function decideAndStore(query: GateQuery, roundId: string, k: number): Promise<{ run: ScoringRun; withheld: number; stored: Buffer } | null> {
  const [row] = await query(`SELECT ${SCORING_RUN_COLUMNS} FROM round_scoring rs WHERE rs.round_id = $1::uuid`, [roundId]);
  if (!row) return null;
  const run = scoringRun(row);
  const decided = await decideRun(query, run, k);
  return { run, withheld: decided.size, stored: decided.stored() };
}

/** Runs the gate over whole rounds, whatever rows a request asks for, so no filter changes what is withheld. */
export class GateDecisions {
  private readonly cache = new Map<string, WithheldKeys>();

  /** Decisions for the footprint's rounds in `periods`, and the earlier rounds their trends compare with. */
  async load(query: GateQuery, footprint: { id: string; anonymityThreshold: number }, periods: { from?: string; to?: string }): Promise<FootprintDecisions> {
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
  async decide(query: GateQuery, footprint: { id: string; anonymityThreshold: number }, runs: readonly ScoringRun[], periods: { from?: string; to?: string }): Promise<FootprintDecisions> {
    const k = footprint.anonymityThreshold;
    const { withheld, missing } = this.lookUp(k, runs, periods);
    const stored = missing.length ? await storedDecisions(query, missing, k) : new Map<string, HashedKeys>();
    for (const run of missing) {
      // One round at a time: its cells are garbage before the next round's arrive, so memory stays at one round's worth.
      const decided = stored.get(run.id) ?? (await decideRun(query, run, k));
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

/** The final rounds before `roundId` that a trend compares with, newest first. */
export function earlierRounds(decisions: FootprintDecisions, roundId: string): ScoredRoundRef[] {
  const index = decisions.rounds.findIndex((r) => r.id === roundId);
  return decisions.rounds
    .slice(0, Math.max(index, 0))
    .filter((r) => !r.provisional)
    .slice(-TREND_WINDOW)
    .reverse();
}

/** One cache for every reader in a process: round routes, summary, BI scores, trends, distributions and alerts. */
export const gateDecisions = new GateDecisions();
