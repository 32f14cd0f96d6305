import { Injectable } from '@nestjs/common';
import { debounceWindow, Outbox, preparedQuery } from '@pp/core';
import type { DataSource, EntityManager } from 'typeorm';
import type { EncodedAnswers } from './answer-validation';
import type { RespondentRole, ResponseSource } from './respondent-roles';
import type { StoredReceipt } from './submission-receipts';

/** Submissions within this window share one provisional rescore of their round. */
export const RESCORE_DEBOUNCE_MS = 60_000;

export interface Respondent {
  /** See ResponseRecord.respondentKey. */
  key: string;
  source: ResponseSource;
  organisationId: string;
  /** A link respondent's link, claimed by the same statement that writes the response. */
  linkId?: string;
}

export interface ResponseToWrite {
  id: string;
  respondent: Respondent;
  role: RespondentRole;
  answers: EncodedAnswers;
}

export interface WrittenResponse {
  id: string;
  revision: number;
  submittedAt: Date;
}

/** The receipt of a submission sent with an Idempotency-Key, stored by the statement that writes it. */
export interface ReceiptToStore {
  key: string;
  requestHash: Buffer;
  /** The result's fields known before writing; the statement adds the response's id and revision. */
  body: Record<string, unknown>;
}

/**
 * What the submission statement did: wrote the response (and its receipt); found the receipt of an
 * earlier request with the same key, and wrote nothing; or wrote nothing because the round is not
 * open or the link was used meanwhile.
 */
export type WriteOutcome = { written: WrittenResponse } | { earlier: StoredReceipt } | null;

/** An array as a PostgreSQL literal, for arrays nested in an unnest() parameter. */
function arrayLiteral(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

/** The response's own columns, in the order of the statements below. */
function responseColumns(response: ResponseToWrite): unknown[] {
  const { answers } = response;
  return [
    response.id,
    response.respondent.organisationId,
    response.respondent.key,
    response.respondent.source,
    response.role,
    arrayLiteral(answers.choices),
    arrayLiteral(answers.itemScores),
    arrayLiteral(answers.dimensionScores),
    answers.freeText === null ? null : JSON.stringify(answers.freeText),
  ];
}

/** Its partner ratings as four parallel arrays, for unnest(): partners, choices, item scores, dyad scores. */
function ratingColumns(response: ResponseToWrite): unknown[] {
  const { partners } = response.answers;
  return [partners.map((p) => p.organisationId), partners.map((p) => arrayLiteral(p.choices)), partners.map((p) => arrayLiteral(p.itemScores)), partners.map((p) => p.score)];
}

const RESPONSE_COLUMNS = 'id, footprint_id, round_id, organisation_id, respondent_key, source, respondent_role, choices, item_scores, dimension_scores, free_text, submitted_at';
const RATING_COLUMNS = 'response_id, partner_organisation_id, footprint_id, round_id, organisation_id, choices, item_scores, score';

/**
 * One statement, hence one transaction and one round trip, prepared once per connection: it
 * re-checks that the round is open and not past its close, claims the link (if any), upserts the
 * response row, replaces its partner ratings (one multi-row upsert, and a delete of partners no
 * longer rated) and queues the round's debounced provisional rescore in the outbox. Nothing is
 * written when the round is not open: no row comes back. A link answers once, so its response and
 * ratings are always new and go in with plain inserts, cheaper than upserts.
 *
 * With an Idempotency-Key it also looks for the key's receipt first, writing nothing when there is
 * one (which it returns instead), and stores the new receipt with the result. Two requests with the
 * same key at once: the second waits on the first's response or link row, then fails on the
 * receipt's unique index, so everything it wrote is rolled back and the first's result is replayed.
 */
function submissionStatement(withLink: boolean, withReceipt: boolean): string {
  // The link's and the receipt's parameters follow the 17 every submission has.
  const link = 18;
  const [key, hash, body] = withLink ? [19, 20, 21] : [18, 19, 20];
  // Only an account's response can exist already: it replaces the earlier one and its ratings.
  const replaceResponse = withLink
    ? ''
    : `ON CONFLICT (round_id, respondent_key) DO UPDATE SET
        organisation_id = EXCLUDED.organisation_id, respondent_role = EXCLUDED.respondent_role, choices = EXCLUDED.choices,
        item_scores = EXCLUDED.item_scores, dimension_scores = EXCLUDED.dimension_scores, free_text = EXCLUDED.free_text,
        submitted_at = EXCLUDED.submitted_at, revision = x.revision + 1`;
  const dropUnrated = withLink
    ? ''
    : `stale AS (
      DELETE FROM response_partner_rating p USING r WHERE p.response_id = r.id AND p.partner_organisation_id <> ALL($13::uuid[])
    ),`;
  const replaceRatings = withLink
    ? ''
    : `ON CONFLICT (response_id, partner_organisation_id) DO UPDATE SET
        organisation_id = EXCLUDED.organisation_id, choices = EXCLUDED.choices, item_scores = EXCLUDED.item_scores, score = EXCLUDED.score`;
  return `
    WITH ${withReceipt ? `earlier AS (SELECT status, body, request_hash FROM submission_receipt WHERE scope = $6 AND idempotency_key = $${key}),` : ''}
    open_round AS (
      SELECT id, footprint_id FROM round WHERE id = $1 AND status = 'open' AND closes_at > $2${withReceipt ? ' AND NOT EXISTS (SELECT 1 FROM earlier)' : ''}
    ),
    ${withLink ? `claim AS (UPDATE respondent_link SET used_at = $2 WHERE id = $${link} AND used_at IS NULL AND expires_at > $2 AND EXISTS (SELECT 1 FROM open_round) RETURNING id),` : ''}
    r AS (
      INSERT INTO response AS x (${RESPONSE_COLUMNS})
      SELECT $4, o.footprint_id, o.id, $5, $6, $7, $8, $9::smallint[], $10::float8[], $11::float8[], $12::jsonb, $2
      FROM open_round o${withLink ? ', claim' : ''}
      ${replaceResponse}
      RETURNING x.id, x.footprint_id, x.round_id, x.organisation_id, x.revision, x.submitted_at
    ),
    ${dropUnrated}
    rated AS (
      INSERT INTO response_partner_rating (${RATING_COLUMNS})
      SELECT r.id, t.partner, r.footprint_id, r.round_id, r.organisation_id, t.choices::smallint[], t.item_scores::float8[], t.score
      FROM r, unnest($13::uuid[], $14::text[], $15::text[], $16::float8[]) AS t(partner, choices, item_scores, score)
      ${replaceRatings}
    ),
    rescore AS (
      INSERT INTO outbox (job_name, payload, job_id, available_at)
      SELECT 'round.rescore', jsonb_build_object('roundId', r.round_id), $3, $17 FROM r
      ON CONFLICT (job_id) DO NOTHING
    )${
      withReceipt
        ? `,
    receipt AS (
      INSERT INTO submission_receipt (footprint_id, round_id, scope, idempotency_key, request_hash, status, body)
      SELECT r.footprint_id, r.round_id, $6, $${key}, $${hash}, CASE WHEN r.revision = 1 THEN 201 ELSE 200 END,
        $${body}::jsonb || jsonb_build_object('id', r.id, 'revision', r.revision)
      FROM r
    )
    SELECT id, revision, submitted_at, NULL::smallint AS status, NULL::jsonb AS body, NULL::bytea AS request_hash FROM r
    UNION ALL
    SELECT NULL, NULL, NULL, status, body, request_hash FROM earlier`
        : `
    SELECT id, revision, submitted_at FROM r`
    }`;
}

const STATEMENTS = {
  plain: { name: 'surveys.submit', text: submissionStatement(false, false) },
  link: { name: 'surveys.submit-with-link', text: submissionStatement(true, false) },
  receipt: { name: 'surveys.submit-with-receipt', text: submissionStatement(false, true) },
  linkReceipt: { name: 'surveys.submit-with-link-and-receipt', text: submissionStatement(true, true) },
};

function rescoreJob(roundId: string, now: Date): { jobId: string; runAt: Date } {
  const window = debounceWindow(now, RESCORE_DEBOUNCE_MS);
  return { jobId: `round.rescore-${roundId}-${window.key}`, runAt: window.endsAt };
}

/**
 * Writes responses with raw SQL: ~90 answers per response make ORM inserts far too slow, and the
 * submission statement is prepared because planning it costs PostgreSQL more than running it.
 */
@Injectable()
export class ResponseWriter {
  constructor(private readonly outbox: Outbox) {}

  /** See WriteOutcome. `receipt` when the request came with an Idempotency-Key. */
  async write(source: DataSource | EntityManager, roundId: string, response: ResponseToWrite, now: Date, receipt?: ReceiptToStore): Promise<WriteOutcome> {
    const rescore = rescoreJob(roundId, now);
    const values = [roundId, now, rescore.jobId, ...responseColumns(response), ...ratingColumns(response), rescore.runAt];
    const { linkId } = response.respondent;
    if (linkId) values.push(linkId);
    if (receipt) values.push(receipt.key, receipt.requestHash, JSON.stringify(receipt.body));
    const statement = STATEMENTS[linkId ? (receipt ? 'linkReceipt' : 'link') : receipt ? 'receipt' : 'plain'];
    const [row] = await preparedQuery<{ id: string | null; revision: number; submitted_at: Date; status?: number; body?: unknown; request_hash?: Buffer }>(
      source,
      statement.name,
      statement.text,
      values,
    );
    if (!row) return null;
    if (row.id === null) return { earlier: { status: row.status as number, body: row.body, requestHash: row.request_hash as Buffer } };
    return { written: { id: row.id, revision: row.revision, submittedAt: row.submitted_at } };
  }

  /** Inserts new responses (an upload) in the caller's transaction, a few statements per thousand. */
  async insertMany(manager: EntityManager, round: { id: string; footprintId: string }, responses: readonly ResponseToWrite[], now: Date): Promise<void> {
    const BATCH = 1_000;
    for (let start = 0; start < responses.length; start += BATCH) {
      const batch = responses.slice(start, start + BATCH);
      const rows = batch.map(responseColumns);
      await manager.query(
        `INSERT INTO response (${RESPONSE_COLUMNS})
         SELECT t.id, $1, $2, t.organisation_id, t.respondent_key, t.source, t.role, t.choices::smallint[], t.item_scores::float8[],
           t.dimension_scores::float8[], t.free_text, $3
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[])
           AS t(id, organisation_id, respondent_key, source, role, choices, item_scores, dimension_scores, free_text)`,
        [round.footprintId, round.id, now, ...Array.from({ length: 9 }, (_, i) => rows.map((row) => row[i]))],
      );
      const ratings = batch.flatMap((r) => r.answers.partners.map((partner) => ({ responseId: r.id, raterId: r.respondent.organisationId, partner })));
      if (ratings.length === 0) continue;
      await manager.query(
        `INSERT INTO response_partner_rating (${RATING_COLUMNS})
         SELECT t.response_id, t.partner, $1, $2, t.organisation_id, t.choices::smallint[], t.item_scores::float8[], t.score
         FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::float8[]) AS t(response_id, partner, organisation_id, choices, item_scores, score)`,
        [
          round.footprintId,
          round.id,
          ratings.map((r) => r.responseId),
          ratings.map((r) => r.partner.organisationId),
          ratings.map((r) => r.raterId),
          ratings.map((r) => arrayLiteral(r.partner.choices)),
          ratings.map((r) => arrayLiteral(r.partner.itemScores)),
          ratings.map((r) => r.partner.score),
        ],
      );
    }
    const rescore = rescoreJob(round.id, now);
    await this.outbox.enqueue(manager, 'round.rescore', { roundId: round.id }, { jobId: rescore.jobId, runAt: rescore.runAt });
  }
}
