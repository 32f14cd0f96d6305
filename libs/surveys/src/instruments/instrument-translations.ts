import type { FieldProblem } from '@pp/core';
import { type InstrumentDefinition, optionsOf } from './instrument-definition';

/**
 * An instrument version's words in another language, for the form to show instead of the English:
 * any string left out falls back to the English one, so a translation may be partial. Keys are the
 * instrument's own (question keys, option values, dimension keys); answers are sent as option
 * values whatever the language, so a translation never changes what is stored or scored.
 */
export interface InstrumentTranslation {
  name?: string;
  description?: string;
  dimensions?: Record<string, string>;
  questions?: Record<string, { text?: string; options?: Record<string, string> }>;
}

/** By BCP 47 language tag in its canonical form, e.g. `cy` (Welsh), `gd`, `pa-Arab`. */
export type InstrumentTranslations = Record<string, InstrumentTranslation>;

export const MAX_TRANSLATIONS = 20;

const LIMITS = { name: 200, description: 2000, dimension: 100, text: 1000, option: 200 } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A problem with a translated string, or none. */
function stringProblem(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.trim()) return 'must not be empty (leave it out to fall back to English)';
  if (value.length > max) return `must be at most ${max} characters`;
  return null;
}

/** The canonical form of a BCP 47 tag, or null when it is not one. */
function canonicalTag(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

function checkMap(
  value: unknown,
  field: string,
  known: ReadonlySet<string>,
  unknownProblem: (key: string) => string,
  check: (entry: unknown, field: string, key: string) => FieldProblem[],
): FieldProblem[] {
  if (!isRecord(value)) return [{ field, problem: 'must be an object' }];
  return Object.entries(value).flatMap(([key, entry]) => (known.has(key) ? check(entry, `${field}.${key}`, key) : [{ field: `${field}.${key}`, problem: unknownProblem(key) }]));
}

function checkString(max: number) {
  return (value: unknown, field: string): FieldProblem[] => {
    const problem = stringProblem(value, max);
    return problem ? [{ field, problem }] : [];
  };
}

function checkLanguage(definition: InstrumentDefinition, translation: unknown, field: string): FieldProblem[] {
  if (!isRecord(translation)) return [{ field, problem: 'must be an object of name, description, dimensions and questions' }];
  const problems: FieldProblem[] = [];
  const questions = new Map(definition.questions.map((q) => [q.key, q]));
  for (const [key, value] of Object.entries(translation)) {
    const at = `${field}.${key}`;
    if (key === 'name' || key === 'description') {
      problems.push(...checkString(LIMITS[key])(value, at));
    } else if (key === 'dimensions') {
      const known = new Set(definition.dimensions.map((d) => d.key));
      problems.push(...checkMap(value, at, known, () => 'is not a dimension of this instrument', checkString(LIMITS.dimension)));
    } else if (key === 'questions') {
      problems.push(
        ...checkMap(value, at, new Set(questions.keys()), () => 'is not a question of this instrument', (entry, questionField, questionKey) => {
          const question = questions.get(questionKey);
          if (!question) return [];
          if (!isRecord(entry)) return [{ field: questionField, problem: 'must be an object of text and options' }];
          return Object.entries(entry).flatMap(([part, partValue]): FieldProblem[] => {
            if (part === 'text') return checkString(LIMITS.text)(partValue, `${questionField}.text`);
            if (part === 'options') {
              const values = optionsOf(question).map((o) => o.value);
              const why = values.length ? `is not an option of ${question.key} (${values.join(', ')})` : `is not an option: ${question.key} has none`;
              return checkMap(partValue, `${questionField}.options`, new Set(values), () => why, checkString(LIMITS.option));
            }
            return [{ field: `${questionField}.${part}`, problem: 'is not translatable (text, options)' }];
          });
        }),
      );
    } else {
      problems.push({ field: at, problem: 'is not translatable (name, description, dimensions, questions)' });
    }
  }
  return problems;
}

/**
 * Every problem with an instrument's translations, each naming its field, e.g.
 * `translations.cy.questions.mood` for a question the instrument does not have. English is the
 * instrument's own language, so it takes no translation.
 */
export function checkTranslations(definition: InstrumentDefinition, translations: unknown): FieldProblem[] {
  if (translations === undefined) return [];
  if (!isRecord(translations)) return [{ field: 'translations', problem: 'must be an object keyed by language tag' }];
  const tags = Object.keys(translations);
  if (tags.length > MAX_TRANSLATIONS) return [{ field: 'translations', problem: `must have at most ${MAX_TRANSLATIONS} languages` }];
  return tags.flatMap((tag) => {
    const field = `translations.${tag}`;
    const canonical = canonicalTag(tag);
    if (canonical === null || new Intl.Locale(canonical).language.length > 3) return [{ field, problem: 'is not a BCP 47 language tag (e.g. cy for Welsh)' }];
    if (canonical !== tag) return [{ field, problem: `must be written ${canonical}` }];
    if (new Intl.Locale(tag).language === 'en') return [{ field, problem: 'is English, the instrument’s own language' }];
    return checkLanguage(definition, translations[tag], field);
  });
}
