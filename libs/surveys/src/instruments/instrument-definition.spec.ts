import { RELATIONSHIP_HEALTH_PULSE_V1 } from './default-instrument';
import { checkInstrument, type InstrumentDefinition, type QuestionDefinition } from './instrument-definition';

const scale = (key: string, extra: Partial<QuestionDefinition> = {}): QuestionDefinition => ({
  key,
  text: `Question ${key}`,
  type: 'scale',
  dimension: 'trust',
  options: [
    { value: 'low', label: 'Low' },
    { value: 'high', label: 'High' },
  ],
  ...extra,
});

const instrument = (questions: QuestionDefinition[], extra: Partial<InstrumentDefinition> = {}): InstrumentDefinition => ({
  key: 'test',
  name: 'Test',
  dimensions: [{ key: 'trust', name: 'Trust', weight: 1 }],
  questions,
  ...extra,
});

describe('checkInstrument', () => {
  it('accepts Relationship Health Pulse v1', () => {
    expect(checkInstrument(RELATIONSHIP_HEALTH_PULSE_V1)).toEqual([]);
  });

  it('gives Relationship Health Pulse v1 its five dimensions, seven partner items and two context questions', () => {
    const { dimensions, questions } = RELATIONSHIP_HEALTH_PULSE_V1;
    expect(dimensions.map((d) => d.key)).toEqual(['trust', 'shared_purpose', 'involvement', 'communication', 'delivery']);
    expect(questions.filter((q) => q.type === 'partner_rating')).toHaveLength(7);
    expect(questions.filter((q) => q.type === 'single_choice' || q.type === 'free_text').map((q) => q.key)).toEqual(['main_barrier', 'comments']);
    expect(questions.find((q) => q.key === 'main_barrier')?.options).toHaveLength(7);
  });

  it('accepts scales of any length from two, yes/no, single choice, partner ratings and free text', () => {
    const options = Array.from({ length: 11 }, (_, i) => ({ value: `p${i}`, label: `${i}` }));
    const questions: QuestionDefinition[] = [
      scale('eleven_point', { options, reversed: true, allowDontKnow: true }),
      { key: 'agreed', text: 'Agreed?', type: 'yes_no', dimension: 'trust' },
      { key: 'barrier', text: 'Barrier', type: 'single_choice', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], required: false },
      scale('partner_item', { type: 'partner_rating', dimension: null }),
      { key: 'notes', text: 'Notes', type: 'free_text', required: false },
    ];
    expect(checkInstrument(instrument(questions))).toEqual([]);
  });

  it.each<[string, QuestionDefinition[], Partial<InstrumentDefinition>, { field: string; problem: RegExp }]>([
    ['a bad key', [scale('Bad-Key')], {}, { field: 'questions[0].key', problem: /lower-case letter/ }],
    ['a reserved key', [scale('organisation')], {}, { field: 'questions[0].key', problem: /reserved/ }],
    ['a repeated key', [scale('same'), scale('same')], {}, { field: 'questions[1].key', problem: /repeats same/ }],
    ['a one-option scale', [scale('q', { options: [{ value: 'only', label: 'Only' }] })], {}, { field: 'questions[0].options', problem: /2 to 20/ }],
    [
      'a repeated option',
      [scale('q', { options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'Again' }] })],
      {},
      { field: 'questions[0].options[1].value', problem: /repeats a/ },
    ],
    [
      "an option called dont_know",
      [scale('q', { options: [{ value: 'yes', label: 'Yes' }, { value: 'dont_know', label: '?' }] })],
      {},
      { field: 'questions[0].options[1].value', problem: /reserved/ },
    ],
    ['a scale without a dimension', [scale('q', { dimension: null })], {}, { field: 'questions[0].dimension', problem: /required/ }],
    ['an undeclared dimension', [scale('q', { dimension: 'culture' })], {}, { field: 'questions[0].dimension', problem: /one of the instrument's dimensions/ }],
    [
      'a partner rating with a dimension',
      [scale('t'), scale('p', { type: 'partner_rating' })],
      {},
      { field: 'questions[1].dimension', problem: /per dyad/ },
    ],
    ['yes/no with options', [scale('q', { type: 'yes_no' })], {}, { field: 'questions[0].options', problem: /no and yes/ }],
    [
      'a reversed single choice',
      [scale('t'), scale('q', { type: 'single_choice', dimension: null, reversed: true })],
      {},
      { field: 'questions[1].reversed', problem: /ordered/ },
    ],
    ["free text with don't know", [scale('t'), { key: 'q', text: 'Q', type: 'free_text', allowDontKnow: true }], {}, { field: 'questions[1].allowDontKnow', problem: /free text/ }],
    ['no questions', [], {}, { field: 'questions', problem: /1 to 200/ }],
    [
      'a dimension without questions',
      [scale('q')],
      { dimensions: [{ key: 'trust', name: 'Trust', weight: 1 }, { key: 'delivery', name: 'Delivery', weight: 1 }] },
      { field: 'dimensions[1].key', problem: /no questions/ },
    ],
    ['a negative weight', [scale('q')], { dimensions: [{ key: 'trust', name: 'Trust', weight: -1 }] }, { field: 'dimensions[0].weight', problem: /≥ 0/ }],
  ])('refuses %s', (_case, questions, extra, expected) => {
    const problems = checkInstrument(instrument(questions, extra));
    expect(problems).toContainEqual({ field: expected.field, problem: expect.stringMatching(expected.problem) });
  });
});
