import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import { anonymityThreshold, RHI, WHOLE_FOOTPRINT } from '@pp/scoring';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { scoreDecisions } from '../anonymity/score-decisions';
import { scoreKey } from '../anonymity/score-gate';
import type { TextRow } from '../read-models/columns';
import type { FootprintSummaryDto, SummaryScoreDto } from './footprint-summary.dto';

const TEXT_TYPES = { getTypeParser: () => (value: string) => value };
const number = (text: string | null | undefined) => (text === null || text === undefined ? null : Number(text));

/** A lead's one-screen view of a footprint: the latest final scores through the gate, response rate, open alerts. */
@Injectable()
export class FootprintSummaryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(footprintId: string): Promise<{ body: FootprintSummaryDto; etag: string }> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    try {
      const run = async (text: string, values: readonly unknown[]) => (await client.query({ text, values: [...values], rowMode: 'array', types: TEXT_TYPES })).rows as TextRow[];
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [footprint] = await run(
        `SELECT f.code, f.name, f.anonymity_threshold,
           (SELECT count(*) FROM alert a WHERE a.footprint_id = f.id AND a.status IN ('open', 'acknowledged')),
           (SELECT rs.round_id FROM round_scoring rs WHERE rs.footprint_id = f.id AND NOT rs.provisional ORDER BY rs.period DESC LIMIT 1)
         FROM footprint f WHERE f.id = $1`,
        [footprintId],
      );
      if (!footprint) throw new NotFoundError('Footprint', footprintId);
      const [code, name, threshold, openAlerts, roundId] = footprint;
      const k = anonymityThreshold(Number(threshold));
      const body: FootprintSummaryDto = {
        footprint_code: code!,
        footprint_name: name!,
        anonymity_threshold: k,
        period: null,
        round_id: roundId ?? null,
        rhi: null,
        dimensions: [],
        response_rate: null,
        open_alerts: Number(openAlerts),
      };
      if (roundId) {
        const scores = await run(
          `SELECT s.period, s.scope, s.measure, s.respondents, s.mean, s.band, s.delta, s.trend, s.previous_round_id,
             (SELECT round(sum(x.n)::numeric / nullif(sum(i.expected_respondents), 0), 4) FROM invitation i
                CROSS JOIN LATERAL (SELECT count(*) AS n FROM response r WHERE r.round_id = i.round_id AND r.organisation_id = i.organisation_id) x WHERE i.round_id = s.round_id)
           FROM score s WHERE s.round_id = $1 AND s.subject = $2 AND s.scope IN ('footprint', 'dimension') ORDER BY s.scope DESC, s.measure`,
          [roundId, WHOLE_FOOTPRINT],
        );
        const period = scores[0]?.[0] ?? null;
        const decided = await scoreDecisions.load(run, { id: footprintId, anonymityThreshold: k }, { from: period ?? undefined, to: period ?? undefined });
        const withheld = decided.withheld.get(roundId);
        for (const [, scope, measure, respondents, mean, band, delta, trend, previousRoundId] of scores) {
          const hidden = !withheld || withheld.has(scoreKey({ scope: scope!, subject: WHOLE_FOOTPRINT, measure: measure! }));
          const previousHidden = !previousRoundId || decided.withheld.get(previousRoundId)?.has(scoreKey({ scope: scope!, subject: WHOLE_FOOTPRINT, measure: measure! })) !== false;
          const view: SummaryScoreDto = hidden
            ? { measure: measure!, suppressed: true, respondents: null, mean: null, band: null, delta: null, trend: null }
            : { measure: measure!, suppressed: false, respondents: number(respondents), mean: number(mean), band: band ?? null, delta: previousHidden ? null : number(delta), trend: previousHidden ? null : (trend ?? null) };
          if (measure === RHI && scope === 'footprint') body.rhi = view;
          else body.dimensions.push(view);
        }
        body.period = period;
        body.response_rate = number(scores[0]?.[9]);
      }
      await client.query('COMMIT');
      return { body, etag: `W/"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}"` };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
