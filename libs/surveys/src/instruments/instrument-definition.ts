import type { FieldProblem } from '@pp/core';

/**
 * - scale: ordered, labelled options from least to most favourable; any length from 2.
 * - yes_no: the fixed options no, yes (yes is the favourable end).
 * - single_choice: unordered options, never scored (context, e.g. main barrier).
 * - partner_rating: an ordered item answered once per fellow member organisation; scored per dyad.
 * - free_text: never scored; shown only to the footprint's leads, behind the anonymity threshold.
 */
export const QUESTION_TYPES = ['scale', 'yes_no', 'single_choice', 'partner_rating', 'free_text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The answer value meaning "don't know": accepted where a question allows it, never scored. */
export const DONT_KNOW = 'dont_know';

export const YES_NO_OPTIONS: readonly OptionDefinition[] = [
  { value: 'no', label: 'No' },
  { value: 'yes', label: 'Yes' },
];

export const MAX_QUESTIONS = 200;
export const MAX_OPTIONS = 20;
export const MAX_FREE_TEXT_LENGTH = 4000;

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const OPTION_VALUE_PATTERN = /^[a-z0-9][a-z0-9_]{0,62}$/;
/** CSV uploads use these as column names, so no question may take them. */
export const RESERVED_KEYS: readonly string[] = ['organisation', 'respondent_role', 'respondent_ref'];

export interface OptionDefinition {
  value: string;
  label: string;
}

export interface QuestionDefinition {
  key: string;
  text: string;
  type: QuestionType;
  /** Scale and yes/no items are scored into a dimension; partner ratings into the dyad. */
  dimension?: string | null;
  /** Least favourable first for ordered types; none for yes/no (fixed) and free text. */
  options?: readonly OptionDefinition[] | null;
  reversed?: boolean;
  allowDontKnow?: boolean;
  required?: boolean;
}

export interface DimensionDefinition {
  key: string;
  name: string;
  /** Weight in the Relationship Health Index; 0 keeps a dimension out of it. */
  weight: number;
}

export interface InstrumentDefinition {
  key: string;
  name: string;
  description?: string | null;
  dimensions: readonly DimensionDefinition[];
  questions: readonly QuestionDefinition[];
}

const ORDERED: readonly QuestionType[] = ['scale', 'yes_no', 'partner_rating'];
const WITH_DIMENSION: readonly QuestionType[] = ['scale', 'yes_no'];
const WITH_OPTIONS: readonly QuestionType[] = ['scale', 'single_choice', 'partner_rating'];

export function isOrdered(type: QuestionType): boolean {
  return ORDERED.includes(type);
}

/** The options a question is answered with: yes/no has its fixed pair, free text none. */
export function optionsOf(question: QuestionDefinition): readonly OptionDefinition[] {
  if (question.type === 'yes_no') return YES_NO_OPTIONS;
  return question.options ?? [];
}

/**
 * Where a question's answer lives in a response:
 * - 'respondent': `response.choices[slot]` (scale, yes/no, single choice),
 * - 'partner': `response_partner_rating.choices[slot]` (partner ratings),
 * - 'text': `response.free_text[key]`.
 */
export type QuestionStore = 'respondent' | 'partner' | 'text';

export function storeOf(type: QuestionType): QuestionStore {
  if (type === 'partner_rating') return 'partner';
  if (type === 'free_text') return 'text';
  return 'respondent';
}

/** Slot of each question within its store, counting in question order: what the `slot` column holds. */
export function slotsOf(questions: readonly Pick<QuestionDefinition, 'type'>[]): number[] {
  const next: Record<QuestionStore, number> = { respondent: 0, partner: 0, text: 0 };
  return questions.map((q) => next[storeOf(q.type)]++);
}

function checkOptions(question: QuestionDefinition, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!WITH_OPTIONS.includes(question.type)) {
    if (question.options?.length) {
      problems.push({ field, problem: question.type === 'yes_no' ? 'must be left out: yes/no questions have the options no and yes' : `must be left out for ${question.type}` });
    }
    return problems;
  }
  const options = question.options ?? [];
  if (options.length < 2 || options.length > MAX_OPTIONS) {
    problems.push({ field, problem: `must list 2 to ${MAX_OPTIONS} options` });
  }
  const seen = new Set<string>();
  options.forEach((option, i) => {
    if (!OPTION_VALUE_PATTERN.test(option.value)) {
      problems.push({ field: `${field}[${i}].value`, problem: 'must be lower-case letters, digits and _ (at most 63)' });
    } else if (option.value === DONT_KNOW) {
      problems.push({ field: `${field}[${i}].value`, problem: `is reserved; use allowDontKnow for '${DONT_KNOW}'` });
    } else if (seen.has(option.value)) {
      problems.push({ field: `${field}[${i}].value`, problem: `repeats ${option.value}` });
    }
    seen.add(option.value);
    if (!option.label.trim()) problems.push({ field: `${field}[${i}].label`, problem: 'must not be empty' });
  });
  return problems;
}

function checkQuestion(question: QuestionDefinition, field: string, dimensions: ReadonlySet<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!KEY_PATTERN.test(question.key)) {
    problems.push({ field: `${field}.key`, problem: 'must start with a lower-case letter, then letters, digits and _ (at most 63)' });
  } else if (RESERVED_KEYS.includes(question.key)) {
    problems.push({ field: `${field}.key`, problem: `is reserved for CSV uploads (${RESERVED_KEYS.join(', ')})` });
  }
  if (!question.text.trim()) problems.push({ field: `${field}.text`, problem: 'must not be empty' });
  problems.push(...checkOptions(question, `${field}.options`));
  const dimension = question.dimension ?? null;
  if (WITH_DIMENSION.includes(question.type)) {
    if (dimension === null) problems.push({ field: `${field}.dimension`, problem: `is required: ${question.type} questions are scored into a dimension` });
    else if (!dimensions.has(dimension)) problems.push({ field: `${field}.dimension`, problem: `must be one of the instrument's dimensions (${[...dimensions].join(', ')})` });
  } else if (dimension !== null) {
    const why = question.type === 'partner_rating' ? 'partner ratings are scored per dyad' : `${question.type} questions are not scored`;
    problems.push({ field: `${field}.dimension`, problem: `must be left out: ${why}` });
  }
  if (question.reversed && !isOrdered(question.type)) {
    problems.push({ field: `${field}.reversed`, problem: 'applies only to ordered questions (scale, yes_no, partner_rating)' });
  }
  if (question.allowDontKnow && question.type === 'free_text') {
    problems.push({ field: `${field}.allowDontKnow`, problem: 'does not apply to free text' });
  }
  return problems;
}

/** Every problem with an instrument's content, each naming its field; empty when it can be used. */
export function checkInstrument(definition: InstrumentDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const dimensionKeys = new Set<string>();
  definition.dimensions.forEach((dimension, i) => {
    const field = `dimensions[${i}]`;
    if (!KEY_PATTERN.test(dimension.key)) problems.push({ field: `${field}.key`, problem: 'must start with a lower-case letter, then letters, digits and _' });
    else if (dimensionKeys.has(dimension.key)) problems.push({ field: `${field}.key`, problem: `repeats ${dimension.key}` });
    if (!Number.isFinite(dimension.weight) || dimension.weight < 0) problems.push({ field: `${field}.weight`, problem: 'must be a number ≥ 0' });
    dimensionKeys.add(dimension.key);
  });
  if (definition.questions.length === 0 || definition.questions.length > MAX_QUESTIONS) {
    problems.push({ field: 'questions', problem: `must list 1 to ${MAX_QUESTIONS} questions` });
  }
  const questionKeys = new Set<string>();
  const used = new Set<string>();
  definition.questions.forEach((question, i) => {
    problems.push(...checkQuestion(question, `questions[${i}]`, dimensionKeys));
    if (questionKeys.has(question.key)) problems.push({ field: `questions[${i}].key`, problem: `repeats ${question.key}` });
    questionKeys.add(question.key);
    if (question.dimension) used.add(question.dimension);
  });
  definition.dimensions.forEach((dimension, i) => {
    if (dimensionKeys.has(dimension.key) && !used.has(dimension.key)) {
      problems.push({ field: `dimensions[${i}].key`, problem: `${dimension.key} has no questions` });
    }
  });
  return problems;
}

/** A question as stored in the `question` table (without its id and instrument). */
export interface QuestionRow {
  position: number;
  slot: number;
  key: string;
  text: string;
  type: QuestionType;
  dimension: string | null;
  options: OptionDefinition[];
  reversed: boolean;
  allowDontKnow: boolean;
  required: boolean;
}

/** The stored form of a checked definition's questions; yes/no questions store their fixed options too. */
export function questionRows(definition: InstrumentDefinition): QuestionRow[] {
  const slots = slotsOf(definition.questions);
  return definition.questions.map((question, position) => ({
    position,
    slot: slots[position] as number,
    key: question.key,
    text: question.text,
    type: question.type,
    dimension: question.dimension ?? null,
    options: optionsOf(question).map((o) => ({ value: o.value, label: o.label })),
    reversed: question.reversed ?? false,
    allowDontKnow: question.allowDontKnow ?? false,
    required: question.required ?? true,
  }));
}
