import { compileInstrument } from '../instruments/compiled-instrument';
import type { QuestionDefinition } from '../instruments/instrument-definition';
import { checkImport } from './response-import';

const AGREE = ['disagree', 'agree'].map((value) => ({ value, label: value }));
const questions: QuestionDefinition[] = [
  { key: 'trust', text: 'Trust', type: 'scale', dimension: 'trust', options: AGREE },
  { key: 'closer', text: 'Closer links', type: 'partner_rating', options: AGREE },
  { key: 'notes', text: 'Notes', type: 'free_text', required: false },
];
const instrument = compileInstrument('i', [{ key: 'trust', name: 'Trust', weight: 1 }], questions);
const idsByCode = new Map([
  ['E06000049', 'east'],
  ['E06000050', 'west'],
]);
const members = { idsByCode, has: (id: string) => [...idsByCode.values()].includes(id) };
const sheet = (...rows: string[][]) => checkImport(rows, instrument, members);
const HEADER = ['organisation', 'respondent_role', 'trust', 'closer:E06000050', 'closer:E06000049', 'notes'];

describe('checkImport', () => {
  it('reads one respondent per row, partner ratings from <key>:<code> columns, empty cells as unanswered', () => {
    const result = sheet(HEADER, ['E06000049', 'finance', 'agree', 'agree', '', 'Fine'], ['E06000050', 'other', 'disagree', '', 'disagree', '']);
    expect(result).toEqual({
      ok: true,
      rows: [
        { organisationId: 'east', role: 'finance', answers: expect.objectContaining({ choices: [1], freeText: { notes: 'Fine' }, partners: [expect.objectContaining({ organisationId: 'west', choices: [1] })] }) },
        { organisationId: 'west', role: 'other', answers: expect.objectContaining({ choices: [0], freeText: null, partners: [expect.objectContaining({ organisationId: 'east', choices: [0] })] }) },
      ],
    });
  });

  it.each<[string, string[][], { row?: number; field: string; problem: RegExp }]>([
    ['an empty sheet', [HEADER], { field: 'file', problem: /no rows/ }],
    ['a missing organisation column', [['respondent_role', 'trust'], ['finance', 'agree']], { field: 'organisation', problem: /missing/ }],
    ['an unknown column', [[...HEADER, 'mood'], ['E06000049', 'finance', 'agree', '', '', '', 'x']], { field: 'mood', problem: /not a question/ }],
    ['a repeated column', [[...HEADER, 'trust'], ['E06000049', 'finance', 'agree', '', '', '', 'agree']], { field: 'trust', problem: /twice/ }],
    ['a partner column without a code', [['organisation', 'respondent_role', 'trust', 'closer'], ['E06000049', 'finance', 'agree', 'agree']], { field: 'closer', problem: /closer:<organisation code>/ }],
    ['a partner that is not a member', [['organisation', 'respondent_role', 'trust', 'closer:E06000999'], ['E06000049', 'finance', 'agree', 'agree']], { field: 'closer:E06000999', problem: /not a member/ }],
    ['a code on a respondent question', [['organisation', 'respondent_role', 'trust:E06000050'], ['E06000049', 'finance', 'agree']], { field: 'trust:E06000050', problem: /not a partner rating/ }],
    ['an organisation that is not a member', [HEADER, ['E06000999', 'finance', 'agree', '', '', '']], { row: 1, field: 'organisation', problem: /E06000999 is not a member/ }],
    ['a role outside the list', [HEADER, ['E06000049', 'mayor', 'agree', '', '', '']], { row: 1, field: 'respondent_role', problem: /got 'mayor'/ }],
    ['a bad value', [HEADER, ['E06000049', 'finance', 'maybe', '', '', '']], { row: 1, field: 'trust', problem: /got 'maybe'/ }],
    ['a rating of the own organisation', [HEADER, ['E06000049', 'finance', 'agree', '', 'agree', '']], { row: 1, field: '*:E06000049', problem: /own organisation/ }],
    ['a bad partner value', [HEADER, ['E06000049', 'finance', 'agree', 'perhaps', '', '']], { row: 1, field: 'closer:E06000050', problem: /got 'perhaps'/ }],
    ['a row longer than the header', [HEADER, ['E06000049', 'finance', 'agree', '', '', '', 'extra']], { row: 1, field: 'file', problem: /7 cells/ }],
  ])('reports %s with its row and column', (_case, rows, expected) => {
    const result = sheet(...rows);
    expect(result.ok).toBe(false);
    const { row, field, problem } = expected;
    expect(!result.ok && result.problems).toContainEqual({ ...(row ? { row } : {}), field, problem: expect.stringMatching(problem) });
  });

  it('counts rows from 1 after the header and reports every bad row', () => {
    const result = sheet(HEADER, ['E06000049', 'finance', 'agree', '', '', ''], ['E06000049', 'finance', '', '', '', ''], ['E06000050', 'chief', 'agree', '', '', '']);
    expect(!result.ok && result.problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'trust'],
      [3, 'respondent_role'],
    ]);
  });
});
