import type { FieldProblem } from '@pp/core';
import { mean } from '@pp/scoring';
import { type CompiledInstrument, type CompiledQuestion, DONT_KNOW_CODE, itemScore } from '../instruments/compiled-instrument';
import { DONT_KNOW, MAX_FREE_TEXT_LENGTH } from '../instruments/instrument-definition';

/** Answers as a respondent sends them: option values by question key; partner ratings by organisation id. */
export interface AnswerSet {
  answers: Readonly<Record<string, unknown>>;
  partnerRatings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface RespondentContext {
  organisationId: string;
  /** Organisations that are members of the footprint at the round's dates, the respondent's own included. */
  members: { has(organisationId: string): boolean };
}

/** How problems name the place of an answer: JSON paths for the API, column names for CSV uploads. */
export interface FieldNames {
  answer(key: string): string;
  partner(partnerId: string): string;
  partnerAnswer(partnerId: string, key: string): string;
}

export const JSON_FIELDS: FieldNames = {
  answer: (key) => `answers.${key}`,
  partner: (partnerId) => `partnerRatings.${partnerId}`,
  partnerAnswer: (partnerId, key) => `partnerRatings.${partnerId}.${key}`,
};

export interface EncodedPartnerRating {
  organisationId: string;
  choices: (number | null)[];
  itemScores: (number | null)[];
  /** Mean of the item scores: this respondent's rating of the dyad. */
  score: number | null;
}

/** A response in its stored form (see ResponseRecord): aligned arrays and precomputed scores. */
export interface EncodedAnswers {
  choices: (number | null)[];
  itemScores: (number | null)[];
  dimensionScores: (number | null)[];
  freeText: Record<string, string> | null;
  partners: EncodedPartnerRating[];
}

export type AnswerValidation = { ok: true; value: EncodedAnswers } | { ok: false; problems: FieldProblem[] };

function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function allowed(question: CompiledQuestion): string {
  return [...question.optionValues, ...(question.allowDontKnow ? [DONT_KNOW] : [])].join(', ');
}

function encodeChoice(question: CompiledQuestion, value: unknown, field: string, problems: FieldProblem[]): number | null {
  if (value === undefined || value === null) {
    if (question.required) problems.push({ field, problem: 'is required' });
    return null;
  }
  if (typeof value !== 'string') {
    problems.push({ field, problem: `must be one of ${allowed(question)}, as a string` });
    return null;
  }
  if (value === DONT_KNOW) {
    if (question.allowDontKnow) return DONT_KNOW_CODE;
    problems.push({ field, problem: `does not allow ${DONT_KNOW}; must be one of ${allowed(question)}` });
    return null;
  }
  const index = question.optionIndex.get(value);
  if (index === undefined) {
    problems.push({ field, problem: `must be one of ${allowed(question)}, got '${shown(value)}'` });
    return null;
  }
  return index;
}

function encodeText(question: CompiledQuestion, value: unknown, field: string, problems: FieldProblem[]): string | null {
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === undefined || text === null || text === '') {
    if (question.required) problems.push({ field, problem: 'is required' });
    return null;
  }
  if (typeof text !== 'string') {
    problems.push({ field, problem: 'must be a string' });
    return null;
  }
  if (text.length > MAX_FREE_TEXT_LENGTH) {
    problems.push({ field, problem: `must be at most ${MAX_FREE_TEXT_LENGTH} characters, got ${text.length}` });
    return null;
  }
  return text;
}

function unknownKeys(
  instrument: CompiledInstrument,
  given: Readonly<Record<string, unknown>>,
  store: 'partner' | 'respondent',
  fieldOf: (key: string) => string,
  problems: FieldProblem[],
): void {
  for (const key of Object.keys(given)) {
    const question = instrument.byKey.get(key);
    if (!question) problems.push({ field: fieldOf(key), problem: 'is not a question of this instrument' });
    else if (store === 'respondent' && question.store === 'partner') {
      problems.push({ field: fieldOf(key), problem: 'is a partner rating: answer it once per partner under partnerRatings' });
    } else if (store === 'partner' && question.store !== 'partner') {
      problems.push({ field: fieldOf(key), problem: 'is not a partner rating: answer it under answers' });
    }
  }
}

/**
 * Checks a response against its instrument version and encodes it for storage with its scores.
 * Every problem is reported, each naming the question key or partner, not just the first.
 */
export function validateAnswers(
  instrument: CompiledInstrument,
  input: AnswerSet,
  respondent: RespondentContext,
  names: FieldNames = JSON_FIELDS,
): AnswerValidation {
  const problems: FieldProblem[] = [];
  unknownKeys(instrument, input.answers, 'respondent', names.answer, problems);

  const choices = instrument.respondentQuestions.map((q) => encodeChoice(q, input.answers[q.key], names.answer(q.key), problems));
  const itemScores = instrument.respondentQuestions.map((q, slot) => itemScore(q, choices[slot] ?? null));
  const byDimension: number[][] = instrument.dimensions.map(() => []);
  instrument.respondentQuestions.forEach((q, slot) => {
    const score = itemScores[slot];
    if (q.dimension >= 0 && score !== null && score !== undefined) byDimension[q.dimension]?.push(score);
  });

  let freeText: Record<string, string> | null = null;
  for (const q of instrument.textQuestions) {
    const text = encodeText(q, input.answers[q.key], names.answer(q.key), problems);
    if (text !== null) (freeText ??= {})[q.key] = text;
  }

  const partners: EncodedPartnerRating[] = [];
  for (const [partnerId, ratings] of Object.entries(input.partnerRatings)) {
    if (partnerId === respondent.organisationId) {
      problems.push({ field: names.partner(partnerId), problem: 'is your own organisation; rate only fellow members' });
      continue;
    }
    if (!respondent.members.has(partnerId)) {
      problems.push({ field: names.partner(partnerId), problem: 'is not a member of the footprint at the round’s dates' });
      continue;
    }
    if (typeof ratings !== 'object' || ratings === null || Array.isArray(ratings)) {
      problems.push({ field: names.partner(partnerId), problem: 'must be an object of answers by question key' });
      continue;
    }
    unknownKeys(instrument, ratings, 'partner', (key) => names.partnerAnswer(partnerId, key), problems);
    const partnerChoices = instrument.partnerQuestions.map((q) => encodeChoice(q, ratings[q.key], names.partnerAnswer(partnerId, q.key), problems));
    const partnerScores = instrument.partnerQuestions.map((q, slot) => itemScore(q, partnerChoices[slot] ?? null));
    partners.push({
      organisationId: partnerId,
      choices: partnerChoices,
      itemScores: partnerScores,
      score: mean(partnerScores.filter((s): s is number => s !== null)),
    });
  }

  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { choices, itemScores, dimensionScores: byDimension.map((scores) => mean(scores)), freeText, partners } };
}

/** The inverse of validateAnswers: stored choices back to option values, for the respondent's own view. */
export function decodeAnswers(
  instrument: CompiledInstrument,
  stored: { choices: readonly (number | null)[]; freeText: Readonly<Record<string, string>> | null; partners: readonly { organisationId: string; choices: readonly (number | null)[] }[] },
): AnswerSet & { answers: Record<string, string>; partnerRatings: Record<string, Record<string, string>> } {
  const decode = (q: CompiledQuestion, choice: number | null | undefined): string | undefined =>
    choice === null || choice === undefined ? undefined : choice === DONT_KNOW_CODE ? DONT_KNOW : q.optionValues[choice];
  const answers: Record<string, string> = {};
  instrument.respondentQuestions.forEach((q, slot) => {
    const value = decode(q, stored.choices[slot]);
    if (value !== undefined) answers[q.key] = value;
  });
  for (const [key, text] of Object.entries(stored.freeText ?? {})) answers[key] = text;
  const partnerRatings: Record<string, Record<string, string>> = {};
  for (const partner of stored.partners) {
    const ratings: Record<string, string> = {};
    instrument.partnerQuestions.forEach((q, slot) => {
      const value = decode(q, partner.choices[slot]);
      if (value !== undefined) ratings[q.key] = value;
    });
    partnerRatings[partner.organisationId] = ratings;
  }
  return { answers, partnerRatings };
}
