import type { LocalisedQuestion } from '../pulse/localise';

/** One question's free-text answers, as the questions page lists them. */
export interface FreeTextGroup {
  key: string;
  /** The question's words in the reader's language; its key when the instrument no longer names it. */
  question: string;
  answers: string[];
}

/**
 * The round's free-text answers (each response's text by question key) grouped under their
 * questions, in the instrument's order, so a lead reads each comment against what it answers.
 * Blank answers are left out; a key the instrument does not name comes last, under its key.
 */
export function freeTextByQuestion(items: readonly { answers: Record<string, string> }[], questions: readonly Pick<LocalisedQuestion, 'key' | 'text'>[]): FreeTextGroup[] {
  const groups = new Map<string, FreeTextGroup>(questions.map((q) => [q.key, { key: q.key, question: q.text, answers: [] }]));
  for (const item of items) {
    for (const [key, text] of Object.entries(item.answers)) {
      if (text.trim() === '') continue;
      if (!groups.has(key)) groups.set(key, { key, question: key, answers: [] });
      groups.get(key)!.answers.push(text);
    }
  }
  return [...groups.values()].filter((group) => group.answers.length > 0);
}
