import { compileInstrument, DONT_KNOW_CODE } from '../instruments/compiled-instrument';
import type { QuestionDefinition } from '../instruments/instrument-definition';
import { type AnswerSet, decodeAnswers, validateAnswers } from './answer-validation';

const FIVE = ['sd', 'd', 'n', 'a', 'sa'].map((value) => ({ value, label: value }));
const questions: QuestionDefinition[] = [
  { key: 'trust_a', text: 'A', type: 'scale', dimension: 'trust', options: FIVE, allowDontKnow: true },
  { key: 'trust_b', text: 'B', type: 'scale', dimension: 'trust', options: FIVE, reversed: true },
  { key: 'agreed', text: 'Agreed', type: 'yes_no', dimension: 'delivery' },
  { key: 'partner_overall', text: 'Overall', type: 'partner_rating', options: FIVE, allowDontKnow: true },
  { key: 'barrier', text: 'Barrier', type: 'single_choice', options: [{ value: 'it', label: 'IT' }, { value: 'culture', label: 'Culture' }], required: false },
  { key: 'partner_closer', text: 'Closer links', type: 'partner_rating', options: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] },
  { key: 'comments', text: 'Comments', type: 'free_text', required: false },
];
const dimensions = [
  { key: 'trust', name: 'Trust', weight: 1 },
  { key: 'delivery', name: 'Delivery', weight: 1 },
];
const instrument = compileInstrument('instrument-1', dimensions, questions);
const respondent = { organisationId: 'own', members: new Set(['own', 'p1', 'p2']) };

const valid = (): AnswerSet => ({
  answers: { trust_a: 'a', trust_b: 'sd', agreed: 'yes', barrier: 'culture', comments: '  Better than last quarter  ' },
  partnerRatings: { p1: { partner_overall: 'sa', partner_closer: 'yes' }, p2: { partner_overall: 'dont_know', partner_closer: 'no' } },
});

describe('validateAnswers', () => {
  it('encodes choices in slot order with precomputed item, dimension and dyad scores', () => {
    const result = validateAnswers(instrument, valid(), respondent);
    expect(result).toEqual({
      ok: true,
      value: {
        choices: [3, 0, 1, 1],
        // trust_b is reversed: its least favourable wording at position 0 scores 100.
        itemScores: [75, 100, 100, null],
        dimensionScores: [87.5, 100],
        freeText: { comments: 'Better than last quarter' },
        partners: [
          { organisationId: 'p1', choices: [4, 1], itemScores: [100, 100], score: 100 },
          { organisationId: 'p2', choices: [DONT_KNOW_CODE, 0], itemScores: [null, 0], score: 0 },
        ],
      },
    });
  });

  it("keeps don't know as an answer that is never scored", () => {
    const input = valid();
    input.answers = { ...input.answers, trust_a: 'dont_know' };
    const result = validateAnswers(instrument, input, respondent);
    expect(result.ok && result.value.choices[0]).toBe(DONT_KNOW_CODE);
    expect(result.ok && result.value.dimensionScores[0]).toBe(100);
  });

  it('leaves optional questions and partners unanswered', () => {
    const result = validateAnswers(instrument, { answers: { trust_a: 'n', trust_b: 'n', agreed: 'no' }, partnerRatings: {} }, respondent);
    expect(result).toMatchObject({ ok: true, value: { choices: [2, 2, 0, null], freeText: null, partners: [] } });
  });

  it.each<[string, (input: AnswerSet) => AnswerSet, { field: string; problem: RegExp }]>([
    ['a missing required answer', (i) => ({ ...i, answers: { ...i.answers, trust_b: undefined } }), { field: 'answers.trust_b', problem: /^is required$/ }],
    ['a value that is not an option', (i) => ({ ...i, answers: { ...i.answers, trust_a: 'maybe' } }), { field: 'answers.trust_a', problem: /one of sd, d, n, a, sa, dont_know, got 'maybe'/ }],
    ['a number instead of an option', (i) => ({ ...i, answers: { ...i.answers, trust_a: 3 } }), { field: 'answers.trust_a', problem: /as a string/ }],
    ["don't know where not allowed", (i) => ({ ...i, answers: { ...i.answers, trust_b: 'dont_know' } }), { field: 'answers.trust_b', problem: /does not allow dont_know/ }],
    ['an unknown question', (i) => ({ ...i, answers: { ...i.answers, mood: 'a' } }), { field: 'answers.mood', problem: /not a question/ }],
    ['a partner item under answers', (i) => ({ ...i, answers: { ...i.answers, partner_overall: 'a' } }), { field: 'answers.partner_overall', problem: /once per partner/ }],
    ['free text that is not a string', (i) => ({ ...i, answers: { ...i.answers, comments: 42 } }), { field: 'answers.comments', problem: /must be a string/ }],
    ['free text over the limit', (i) => ({ ...i, answers: { ...i.answers, comments: 'x'.repeat(4001) } }), { field: 'answers.comments', problem: /at most 4000/ }],
    ['a rating of the own organisation', (i) => ({ ...i, partnerRatings: { own: { partner_overall: 'a', partner_closer: 'no' } } }), { field: 'partnerRatings.own', problem: /your own organisation/ }],
    ['a rating of a non-member', (i) => ({ ...i, partnerRatings: { outsider: { partner_overall: 'a', partner_closer: 'no' } } }), { field: 'partnerRatings.outsider', problem: /not a member/ }],
    ['a partner missing a required item', (i) => ({ ...i, partnerRatings: { p1: { partner_overall: 'a' } } }), { field: 'partnerRatings.p1.partner_closer', problem: /^is required$/ }],
    ['a bad partner value', (i) => ({ ...i, partnerRatings: { p1: { partner_overall: 'a', partner_closer: 'perhaps' } } }), { field: 'partnerRatings.p1.partner_closer', problem: /one of no, yes/ }],
    ['a respondent item under a partner', (i) => ({ ...i, partnerRatings: { p1: { partner_overall: 'a', partner_closer: 'no', trust_a: 'a' } } }), { field: 'partnerRatings.p1.trust_a', problem: /not a partner rating/ }],
    ['a partner rated with a list', (i) => ({ ...i, partnerRatings: { p1: ['a'] as unknown as Record<string, unknown> } }), { field: 'partnerRatings.p1', problem: /must be an object/ }],
  ])('refuses %s, naming the question or partner', (_case, change, expected) => {
    const result = validateAnswers(instrument, change(valid()), respondent);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toContainEqual({ field: expected.field, problem: expect.stringMatching(expected.problem) });
  });

  it('reports every problem at once', () => {
    const result = validateAnswers(instrument, { answers: { trust_a: 'x' }, partnerRatings: { own: {} } }, respondent);
    expect(!result.ok && result.problems.map((p) => p.field)).toEqual(['answers.trust_a', 'answers.trust_b', 'answers.agreed', 'partnerRatings.own']);
  });

  it('names CSV columns when given CSV field names', () => {
    const names = { answer: (key: string) => key, partner: (id: string) => `partner ${id}`, partnerAnswer: (id: string, key: string) => `${key}:${id}` };
    const result = validateAnswers(instrument, { answers: { trust_a: 'a', trust_b: 'a', agreed: 'no' }, partnerRatings: { p1: { partner_overall: 'z', partner_closer: 'no' } } }, respondent, names);
    expect(!result.ok && result.problems).toEqual([{ field: 'partner_overall:p1', problem: expect.stringMatching(/got 'z'/) }]);
  });
});

describe('decodeAnswers', () => {
  it('turns stored choices back into the answers that were sent', () => {
    const input = valid();
    const result = validateAnswers(instrument, input, respondent);
    if (!result.ok) throw new Error('expected valid answers');
    const decoded = decodeAnswers(instrument, { choices: result.value.choices, freeText: result.value.freeText, partners: result.value.partners });
    expect(decoded).toEqual({ answers: { ...input.answers, comments: 'Better than last quarter' }, partnerRatings: input.partnerRatings });
  });
});
