import { scoreOption } from '@pp/scoring';
import {
  type DimensionDefinition,
  isOrdered,
  optionsOf,
  type QuestionDefinition,
  type QuestionStore,
  type QuestionType,
  slotsOf,
  storeOf,
} from './instrument-definition';

/** Stored in a choices array for "don't know": an answer, but never scored. */
export const DONT_KNOW_CODE = -1;

export interface CompiledQuestion {
  key: string;
  type: QuestionType;
  store: QuestionStore;
  slot: number;
  optionValues: readonly string[];
  optionIndex: ReadonlyMap<string, number>;
  allowDontKnow: boolean;
  required: boolean;
  reversed: boolean;
  /** Index into the instrument's dimensions, or -1 for unscored and partner questions. */
  dimension: number;
  scored: boolean;
}

/** An instrument version ready for validating and encoding answers; built once, then cached. */
export interface CompiledInstrument {
  id: string;
  dimensions: readonly string[];
  byKey: ReadonlyMap<string, CompiledQuestion>;
  /** In slot order. */
  respondentQuestions: readonly CompiledQuestion[];
  partnerQuestions: readonly CompiledQuestion[];
  textQuestions: readonly CompiledQuestion[];
}

/** Compiles questions given in instrument order. */
export function compileInstrument(id: string, dimensions: readonly DimensionDefinition[], questions: readonly QuestionDefinition[]): CompiledInstrument {
  const dimensionKeys = dimensions.map((d) => d.key);
  const slots = slotsOf(questions);
  const compiled = questions.map((question, i): CompiledQuestion => {
    const optionValues = optionsOf(question).map((o) => o.value);
    const dimension = question.dimension ? dimensionKeys.indexOf(question.dimension) : -1;
    return {
      key: question.key,
      type: question.type,
      store: storeOf(question.type),
      slot: slots[i] as number,
      optionValues,
      optionIndex: new Map(optionValues.map((value, index) => [value, index])),
      allowDontKnow: question.allowDontKnow ?? false,
      required: question.required ?? true,
      reversed: question.reversed ?? false,
      dimension,
      scored: question.type === 'partner_rating' || (isOrdered(question.type) && dimension >= 0),
    };
  });
  return {
    id,
    dimensions: dimensionKeys,
    byKey: new Map(compiled.map((q) => [q.key, q])),
    respondentQuestions: compiled.filter((q) => q.store === 'respondent'),
    partnerQuestions: compiled.filter((q) => q.store === 'partner'),
    textQuestions: compiled.filter((q) => q.store === 'text'),
  };
}

/** The 0–100 score of a stored choice, or null when unanswered, "don't know" or unscored. */
export function itemScore(question: CompiledQuestion, choice: number | null): number | null {
  if (!question.scored || choice === null || choice === DONT_KNOW_CODE) return null;
  return scoreOption(choice, question.optionValues.length, question.reversed);
}
