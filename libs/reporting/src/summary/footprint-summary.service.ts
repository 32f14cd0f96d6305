import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DatabaseNotifications, NotFoundError, NotifiedCache, poolOf } from '@pp/core';
import { anonymityThreshold, type FootprintDecisions, gateDecisions as scoreDecisions, RHI, SCORING_RUN_COLUMNS, scoreCellKey as scoreKey, type ScoringRun, scoringRun, WHOLE_FOOTPRINT } from '@pp/scoring';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { inSnapshot, textQuery } from '../read-models/bi-reader';
import type { TextQuery } from '../read-models/read-model';
import type { FootprintSummaryDto, SummaryScoreDto } from './footprint-summary.dto';

const number = (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value));

/**
 * Everything the summary shows, in one statement (one snapshot): the footprint, its open alerts,
 * the latest final round with its response rate and footprint-wide scores, and every scoring run
 * of the footprint for the gate.
 */
const SUMMARY_SQL = `SELECT f.code, f.name, f.anonymity_threshold,
    (SELECT count(*) FROM alert a WHERE a.footprint_id = f.id AND a.status IN ('open', 'acknowledged')),
    latest.round_id, latest.period,
    (SELECT round(sum(x.n)::numeric / nullif(sum(i.expected_respondents), 0), 4) FROM invitation i
       CROSS JOIN LATERAL (SELECT count(*) AS n FROM response r WHERE r.round_id = i.round_id AND r.organisation_id = i.organisation_id) x WHERE i.round_id = latest.round_id),
    (SELECT json_agg(json_build_array(s.scope, s.measure, s.respondents, s.mean, s.band, s.delta, s.trend, s.previous_round_id) ORDER BY s.scope DESC, s.measure)
       FROM score s WHERE s.round_id = latest.round_id AND s.subject = $2 AND s.scope IN ('footprint', 'dimension'))::text,
    (SELECT json_agg(json_build_array(${SCORING_RUN_COLUMNS}) ORDER BY rs.period) FROM round_scoring rs WHERE rs.footprint_id = f.id)::text
  FROM footprint f
  LEFT JOIN LATERAL (SELECT rs.round_id, rs.period FROM round_scoring rs WHERE rs.footprint_id = f.id AND NOT rs.provisional ORDER BY rs.period DESC LIMIT 1) latest ON true
  WHERE f.id = $1`;

/** The channel migration 1796200000000's triggers notify with a footprint's id when its summary may have changed. */
const FOOTPRINT_SUMMARY_CHANGED = 'footprint_summary_changed';

type ScoreRow = [scope: string, measure: string, respondents: number | null, mean: number | null, band: string | null, delta: number | null, trend: string | null, previousRoundId: string | null];

interface SummaryRead {
  body: FootprintSummaryDto;
  scores: ScoreRow[];
  runs: ScoringRun[];
}

/** A summary as it is sent: its JSON text, written once when it is read rather than on every request, and its ETag. */
export interface FootprintSummary {
  json: string;
  etag: string;
}

/**
 * A lead's one-screen view of a footprint: the latest final scores through the gate, response
 * rate, open alerts. Dashboards ask for it often, so each process keeps every footprint's summary
 * until PostgreSQL notifies a change to it; reading one is a statement when the gate's decisions for
 * its rounds are already cached, and a snapshot that decides them otherwise.
 */
@Injectable()
export class FootprintSummaryService {
  private readonly kept: NotifiedCache<FootprintSummary>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    notifications: DatabaseNotifications,
  ) {
    this.kept = new NotifiedCache(notifications, {
      channel: FOOTPRINT_SUMMARY_CHANGED,
      names: (changedId, footprintId) => changedId === footprintId,
    });
  }

  private get pool(): Pool {
    return poolOf(this.dataSource);
  }

  async summary(footprintId: string): Promise<FootprintSummary> {
    return this.kept.get(footprintId, () => this.readSummary(footprintId));
  }

  private async readSummary(footprintId: string): Promise<FootprintSummary> {
    let read = await this.read(footprintId, textQuery(this.pool));
    let decided = scoreDecisions.cached({ anonymityThreshold: read.body.anonymity_threshold }, read.runs, latestPeriod(read));
    if (!decided) ({ read, decided } = await this.readAndDecide(footprintId));
    const json = JSON.stringify(gated(read, decided));
    return { json, etag: `W/"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"` };
  }

  /** Reads the summary again and decides the gate for its rounds, both in one repeatable-read snapshot. */
  private readAndDecide(footprintId: string): Promise<{ read: SummaryRead; decided: FootprintDecisions }> {
    return inSnapshot(this.pool, async (client) => {
      const run = textQuery(client);
      const read = await this.read(footprintId, run);
      const decided = await scoreDecisions.decide(run, { id: footprintId, anonymityThreshold: read.body.anonymity_threshold }, read.runs, latestPeriod(read));
      return { read, decided };
    });
  }

  private async read(footprintId: string, run: TextQuery): Promise<SummaryRead> {
    // Prepared: planning it costs PostgreSQL more than running it, and dashboards ask often.
    const [row] = await run(SUMMARY_SQL, [footprintId, WHOLE_FOOTPRINT], 'reporting.footprint-summary');
    if (!row) throw new NotFoundError('Footprint', footprintId);
    const [code, name, threshold, openAlerts, roundId, period, responseRate, scores, runs] = row;
    return {
      body: {
        footprint_code: code!,
        footprint_name: name!,
        anonymity_threshold: anonymityThreshold(Number(threshold)),
        period: period ?? null,
        round_id: roundId ?? null,
        rhi: null,
        dimensions: [],
        response_rate: number(responseRate),
        open_alerts: Number(openAlerts),
      },
      scores: scores ? (JSON.parse(scores) as ScoreRow[]) : [],
      runs: runs ? (JSON.parse(runs) as (string | null)[][]).map((r) => scoringRun(r.map((v) => (v === null ? null : String(v))))) : [],
    };
  }
}

const latestPeriod = (read: SummaryRead) => ({ from: read.body.period ?? undefined, to: read.body.period ?? undefined });

/** The summary with each score through the gate: withheld scores empty, a change only if the previous round's score is shown too. */
function gated(read: SummaryRead, decided: FootprintDecisions): FootprintSummaryDto {
  const body: FootprintSummaryDto = { ...read.body, dimensions: [] };
  const withheld = read.body.round_id ? decided.withheld.get(read.body.round_id) : undefined;
  for (const [scope, measure, respondents, mean, band, delta, trend, previousRoundId] of read.scores) {
    const key = scoreKey({ scope, subject: WHOLE_FOOTPRINT, measure });
    const hidden = !withheld || withheld.has(key);
    const previousHidden = !previousRoundId || decided.withheld.get(previousRoundId)?.has(key) !== false;
    const view: SummaryScoreDto = hidden
      ? { measure, suppressed: true, respondents: null, mean: null, band: null, delta: null, trend: null }
      : { measure, suppressed: false, respondents: number(respondents), mean: number(mean), band, delta: previousHidden ? null : number(delta), trend: previousHidden ? null : trend };
    if (measure === RHI && scope === 'footprint') body.rhi = view;
    else body.dimensions.push(view);
  }
  return body;
}
