import type { components } from '../../api/schema';
import type { LocalisedQuestion } from './localise';

export type RoundForm = components['schemas']['RoundFormDto'];
export type RespondentRole = components['schemas']['RespondentRole'];
export type Partner = components['schemas']['MemberDto'];
export type SubmitBody = components['schemas']['SubmitResponseDto'];

/** What the respondent has answered so far: what the draft store keeps and the API receives. */
export interface PulseAnswers {
  respondentRole?: RespondentRole;
  /** Option value (or 'dont_know', or free text) by question key. */
  answers: Record<string, string>;
  /** By partner organisation id, option value by partner-rating question key. */
  partnerRatings: Record<string, Record<string, string>>;
}

export const EMPTY_ANSWERS: PulseAnswers = { answers: {}, partnerRatings: {} };
export const DONT_KNOW = 'dont_know';

/** The form's sections, in order: who is answering, the partnership questions, then the partner grid (when there are partners to rate). */
export type SectionKey = 'about' | 'partnership' | 'partners';

export function sectionsOf(questions: readonly LocalisedQuestion[], partners: readonly Partner[]): SectionKey[] {
  const sections: SectionKey[] = ['about'];
  if (questions.some((q) => q.type !== 'partner_rating')) sections.push('partnership');
  if (partners.length && questions.some((q) => q.type === 'partner_rating')) sections.push('partners');
  return sections;
}

/** Ids of the fields, so error summary links, Change links and the API's field names meet. */
export const fieldIds = {
  role: 'respondent-role',
  question: (key: string) => `q-${key}`,
  partner: (organisationId: string) => `partner-${organisationId}`,
  partnerItem: (organisationId: string, key: string) => `p-${organisationId}-${key}`,
};

export type ValidationIssue =
  | { kind: 'role'; field: string }
  | { kind: 'question'; field: string; question: LocalisedQuestion }
  | { kind: 'tooLong'; field: string; question: LocalisedQuestion }
  | { kind: 'partnerItem'; field: string; question: LocalisedQuestion; partner: Partner };

/** As the API (MAX_FREE_TEXT_LENGTH): longer free text is refused. */
export const MAX_FREE_TEXT_LENGTH = 4000;

/**
 * What stops a section from being complete. Required questions (the instrument's `required`) need
 * an answer, "don't know" counting where offered. A partner is rated as a whole or not at all, as
 * the API takes it: a respondent may skip an organisation they do not work with, but once they
 * rate it, its required items need answers.
 */
export function validateSection(section: SectionKey, questions: readonly LocalisedQuestion[], partners: readonly Partner[], state: PulseAnswers): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (section === 'about') {
    if (!state.respondentRole) issues.push({ kind: 'role', field: fieldIds.role });
  } else if (section === 'partnership') {
    for (const question of questions) {
      if (question.type === 'partner_rating') continue;
      const answer = state.answers[question.key]?.trim();
      if (question.required && !answer) issues.push({ kind: 'question', field: fieldIds.question(question.key), question });
      if (question.type === 'free_text' && answer && answer.length > MAX_FREE_TEXT_LENGTH) issues.push({ kind: 'tooLong', field: fieldIds.question(question.key), question });
    }
  } else {
    const items = questions.filter((q) => q.type === 'partner_rating');
    for (const partner of partners) {
      const ratings = state.partnerRatings[partner.organisationId] ?? {};
      if (!Object.keys(ratings).length) continue;
      for (const item of items) {
        if (item.required && !ratings[item.key]) issues.push({ kind: 'partnerItem', field: fieldIds.partnerItem(partner.organisationId, item.key), question: item, partner });
      }
    }
  }
  return issues;
}

/** The body the API takes: empty free text left out, and partners with no answers left out. */
export function submission(state: PulseAnswers): SubmitBody {
  const answers = Object.fromEntries(Object.entries(state.answers).filter(([, value]) => value.trim() !== ''));
  const partnerRatings = Object.fromEntries(Object.entries(state.partnerRatings).filter(([, ratings]) => Object.keys(ratings).length));
  return { respondentRole: state.respondentRole as RespondentRole, answers, partnerRatings };
}

/** Questions answered out of those shown, for the progress line. */
export function answeredCount(questions: readonly LocalisedQuestion[], partners: readonly Partner[], state: PulseAnswers): { answered: number; total: number } {
  let answered = state.respondentRole ? 1 : 0;
  let total = 1;
  for (const question of questions) {
    if (question.type === 'partner_rating') continue;
    total += 1;
    if (state.answers[question.key]?.trim()) answered += 1;
  }
  const items = questions.filter((q) => q.type === 'partner_rating');
  for (const partner of partners) {
    for (const item of items) {
      total += 1;
      if (state.partnerRatings[partner.organisationId]?.[item.key]) answered += 1;
    }
  }
  return { answered, total };
}

/** The API names fields `answers.<key>` and `partnerRatings.<id>.<key>`: the page's field and section for each. */
export function fieldOfProblem(field: string): { id: string; section: SectionKey } | null {
  if (field === 'respondentRole') return { id: fieldIds.role, section: 'about' };
  const answer = /^answers\.(\w+)$/.exec(field);
  if (answer?.[1]) return { id: fieldIds.question(answer[1]), section: 'partnership' };
  const rating = /^partnerRatings\.([\w-]+)(?:\.(\w+))?$/.exec(field);
  if (rating?.[1]) return { id: rating[2] ? fieldIds.partnerItem(rating[1], rating[2]) : fieldIds.partner(rating[1]), section: 'partners' };
  return null;
}
