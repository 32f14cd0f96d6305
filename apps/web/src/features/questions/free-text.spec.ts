import { describe, expect, it } from '@jest/globals';
import { freeTextByQuestion } from './free-text';

describe('freeTextByQuestion', () => {
  const questions = [
    { key: 'barrier_text', text: 'What gets in the way?' },
    { key: 'q1', text: 'Partners keep promises' },
    { key: 'comments', text: 'Anything else?' },
  ];

  it('groups answers under their questions in the instrument order, leaving out questions and answers without text', () => {
    const items = [{ answers: { comments: 'More joint meetings', barrier_text: 'Budgets' } }, { answers: { comments: 'Share data sooner', barrier_text: '  ' } }];
    expect(freeTextByQuestion(items, questions)).toEqual([
      { key: 'barrier_text', question: 'What gets in the way?', answers: ['Budgets'] },
      { key: 'comments', question: 'Anything else?', answers: ['More joint meetings', 'Share data sooner'] },
    ]);
  });

  it('lists a key the instrument does not name last, under the key itself', () => {
    expect(freeTextByQuestion([{ answers: { retired: 'Old question', comments: 'Fine' } }], questions)).toEqual([
      { key: 'comments', question: 'Anything else?', answers: ['Fine'] },
      { key: 'retired', question: 'retired', answers: ['Old question'] },
    ]);
  });

  it('gives nothing for no answers', () => {
    expect(freeTextByQuestion([], questions)).toEqual([]);
  });
});
