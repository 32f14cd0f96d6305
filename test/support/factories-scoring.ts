import { randomInt } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RoundScoringService, ScoringWorkerModule } from '@pp/scoring';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RELATIONSHIP_HEALTH_PULSE_V1 } from '../../libs/surveys/src/instruments/default-instrument';
import { optionsOf, type QuestionDefinition } from '../../libs/surveys/src/instruments/instrument-definition';
import { type SignedIn, signedInAs } from './auth';
import { addMember, API, createFootprint, createOrganisation, type FootprintBody, type OrganisationBody, referenceData, uniqueCode } from './factories-registry';

/**
 * Scoring suites' data, built through the API: member organisations of given types, respondents
 * answering through single-use links, and answers whose scores the tests work out by hand.
 */

/** The organisations the import suites load from the shared data: their upsert would rename a trust of ours with the same code. */
const IMPORTED_CODES = new Set(referenceData('cheshire-merseyside-members.csv').split('\n').map((line) => line.split(',')[0]));

/** An NHS trust code of the R form (R and two letters or digits): 1,296 of them, tried until one is free. */
function trustCode(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  for (;;) {
    const code = `R${alphabet[randomInt(36)]}${alphabet[randomInt(36)]}`;
    if (!IMPORTED_CODES.has(code)) return code;
  }
}

const CODES: Record<string, () => string> = {
  unitary_authority: uniqueCode.unitaryAuthority,
  metropolitan_borough: uniqueCode.metropolitanBorough,
  acute_trust: trustCode,
  community_trust: trustCode,
  icb: uniqueCode.icb,
  gp_practice: uniqueCode.gpPractice,
};

export async function organisationOfType(app: INestApplication, type: keyof typeof CODES, name: string): Promise<OrganisationBody> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await createOrganisation(app, { type, code: CODES[type]?.(), name: `${name} ${randomInt(1e6)}` });
    } catch (error) {
      // Short code spaces (trusts, ICBs) can clash with another suite's organisation: try another code.
      if (attempt >= 20) throw error;
    }
  }
}

export interface Member {
  label: string;
  type: keyof typeof CODES;
}

export interface ScoringWorld<Label extends string> {
  footprint: FootprintBody;
  lead: SignedIn;
  members: Record<Label, OrganisationBody>;
}

/** A footprint of its own with the given members (joined in 2020) and a lead. */
export async function scoringWorld<Label extends string>(app: INestApplication, members: readonly (Member & { label: Label })[], footprint: Record<string, unknown> = {}): Promise<ScoringWorld<Label>> {
  const created = await createFootprint(app, footprint);
  const organisations = {} as Record<Label, OrganisationBody>;
  for (const member of members) {
    organisations[member.label] = await organisationOfType(app, member.type, member.label);
    await addMember(app, created.id, organisations[member.label].id, '2020-04-01');
  }
  return { footprint: created, lead: await signedInAs(app, { role: 'footprint_lead', footprintId: created.id }), members: organisations };
}

/** Creates and opens a round of `period`, closing a week from now. */
export async function openRound(lead: SignedIn, footprintId: string, period: string): Promise<string> {
  const hour = 3600_000;
  const round = await lead.http
    .post(`${API}/footprints/${footprintId}/rounds`)
    .send({ period, opensAt: new Date(Date.now() - hour).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * hour).toISOString() })
    .expect(201);
  await lead.http.post(`${API}/rounds/${round.body.id}/open`).expect(200);
  return round.body.id as string;
}

/**
 * The scored items of the default instrument, read from the definition the product installs
 * (migration 1795600000000 installs exactly it, which test/e2e/migrations checks), so a change to the
 * instrument reaches every suite: option values least favourable first (a reversed item's turned
 * round), so an answer at position i of m options scores 100·i/(m − 1).
 */
const favourableLast = (question: QuestionDefinition) => {
  const values = optionsOf(question).map((option) => option.value);
  return question.reversed ? values.reverse() : values;
};
export const PULSE_ITEMS: readonly { key: string; dimension: string; options: readonly string[] }[] = RELATIONSHIP_HEALTH_PULSE_V1.questions.flatMap((question) =>
  (question.type === 'scale' || question.type === 'yes_no') && question.dimension ? [{ key: question.key, dimension: question.dimension, options: favourableLast(question) }] : [],
);
export const DIMENSIONS: readonly string[] = RELATIONSHIP_HEALTH_PULSE_V1.dimensions.map((dimension) => dimension.key);
export const PARTNER_ITEMS: readonly { key: string; options: readonly string[] }[] = RELATIONSHIP_HEALTH_PULSE_V1.questions.flatMap((question) =>
  question.type === 'partner_rating' ? [{ key: question.key, options: favourableLast(question) }] : [],
);

/**
 * One respondent's answers: `level` 0–4 places every five-option item; items with fewer options sit
 * at the same share of their scale, rounded down (three options: level/2; yes/no: yes only at 4).
 * `ratings` gives each rated partner a level the same way; `dontKnow` lists items answered "don't know".
 */
export interface Respondent {
  role: string;
  level: number;
  ratings: Record<string, number>;
  dontKnow?: readonly string[];
}

function optionAt(options: readonly string[], level: number): number {
  return Math.min(options.length - 1, Math.floor((level * (options.length - 1)) / 4));
}

export function pulseBody(respondent: Respondent): Record<string, unknown> {
  const answers: Record<string, string> = { main_barrier: 'culture' };
  for (const item of PULSE_ITEMS) answers[item.key] = respondent.dontKnow?.includes(item.key) ? 'dont_know' : (item.options[optionAt(item.options, respondent.level)] as string);
  const partnerRatings = Object.fromEntries(
    Object.entries(respondent.ratings).map(([partnerId, level]) => [partnerId, Object.fromEntries(PARTNER_ITEMS.map((item) => [item.key, item.options[optionAt(item.options, level)]]))]),
  );
  return { respondentRole: respondent.role, answers, partnerRatings };
}

/** Plain arithmetic on the answers, independent of the scoring code: what each respondent scores. */
export const handScores = {
  item: (options: readonly string[], level: number) => (100 * optionAt(options, level)) / (options.length - 1),
  dimension(respondent: Respondent, dimension: string): number | null {
    const items = PULSE_ITEMS.filter((item) => item.dimension === dimension && !respondent.dontKnow?.includes(item.key));
    return items.length ? mean(items.map((item) => handScores.item(item.options, respondent.level))) : null;
  },
  rhi(respondent: Respondent): number {
    return mean(DIMENSIONS.map((d) => handScores.dimension(respondent, d)).filter((s): s is number => s !== null));
  },
  partner: (level: number) => mean(PARTNER_ITEMS.map((item) => handScores.item(item.options, level))),
};

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
export function sd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** Each respondent answers through a single-use link of their organisation, as a respondent without an account would. */
export async function answerByLinks(app: INestApplication, lead: SignedIn, roundId: string, organisationId: string, respondents: readonly Respondent[]): Promise<void> {
  if (respondents.length === 0) return;
  const links = await lead.http.post(`${API}/rounds/${roundId}/links`).send({ organisationId, count: respondents.length }).expect(201);
  for (const [i, respondent] of respondents.entries()) {
    await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', links.body.items[i].token).send(pulseBody(respondent)).expect(201);
  }
}

/** The worker's scoring services without their queue: compile() runs no bootstrap hooks, so tests run the jobs. */
export function scoringWorker(): Promise<INestApplicationContext> {
  return Test.createTestingModule({ imports: [ScoringWorkerModule] }).compile();
}

/** Runs a job the API queued in the outbox, as the worker would, after checking it was queued. */
export async function runQueuedScoring(worker: INestApplicationContext, job: 'round.score' | 'round.rescore', roundId: string) {
  const queued: { job_id: string }[] = await worker.get(DataSource).query('SELECT job_id FROM outbox WHERE job_name = $1 AND payload @> $2::jsonb', [job, JSON.stringify({ roundId })]);
  if (queued.length === 0) throw new Error(`no ${job} job was queued for round ${roundId}`);
  return worker.get(RoundScoringService).score(roundId, job === 'round.score' ? 'final' : 'provisional');
}
