import type { InstrumentDefinition } from './instrument-definition';
import { checkTranslations } from './instrument-translations';

const instrument: InstrumentDefinition = {
  key: 'test',
  name: 'Test',
  dimensions: [{ key: 'trust', name: 'Trust', weight: 1 }],
  questions: [
    { key: 'trust_kept', text: 'Partners keep their word.', type: 'scale', dimension: 'trust', options: [{ value: 'low', label: 'Low' }, { value: 'high', label: 'High' }] },
    { key: 'joined_up', text: 'Joined up?', type: 'yes_no', dimension: 'trust' },
    { key: 'comments', text: 'Anything else?', type: 'free_text' },
  ],
};

describe('checkTranslations', () => {
  it.each([
    ['none at all', undefined],
    ['no languages', {}],
    ['a whole Welsh translation', { cy: { name: 'Prawf', description: 'Disgrifiad', dimensions: { trust: 'Ymddiriedaeth' }, questions: { trust_kept: { text: 'Mae partneriaid yn cadw eu gair.', options: { low: 'Isel', high: 'Uchel' } }, joined_up: { options: { no: 'Na', yes: 'Ie' } }, comments: { text: 'Unrhyw beth arall?' } } } }],
    ['a partial one, falling back to English string by string', { cy: { questions: { trust_kept: { options: { high: 'Uchel' } } } } }],
    ['several languages with region and script subtags', { cy: { name: 'Prawf' }, 'gd-GB': { name: 'Deuchainn' }, 'pa-Arab': { name: 'ٹیسٹ' } }],
  ])('accepts %s', (_label, translations) => {
    expect(checkTranslations(instrument, translations)).toEqual([]);
  });

  it.each([
    ['an unknown question', { cy: { questions: { mood: { text: 'Hwyliau' } } } }, 'translations.cy.questions.mood', 'is not a question of this instrument'],
    ['an unknown option', { cy: { questions: { trust_kept: { options: { medium: 'Canolig' } } } } }, 'translations.cy.questions.trust_kept.options.medium', 'is not an option of trust_kept (low, high)'],
    ['an option of a question that has none', { cy: { questions: { comments: { options: { x: 'X' } } } } }, 'translations.cy.questions.comments.options.x', 'is not an option: comments has none'],
    ['an unknown dimension', { cy: { dimensions: { delivery: 'Cyflawni' } } }, 'translations.cy.dimensions.delivery', 'is not a dimension of this instrument'],
    ['a part that is not translatable', { cy: { questions: { trust_kept: { key: 'x' } } } }, 'translations.cy.questions.trust_kept.key', 'is not translatable (text, options)'],
    ['an unknown field', { cy: { title: 'Prawf' } }, 'translations.cy.title', 'is not translatable (name, description, dimensions, questions)'],
    ['an empty string', { cy: { name: '  ' } }, 'translations.cy.name', 'must not be empty (leave it out to fall back to English)'],
    ['a number for a string', { cy: { questions: { trust_kept: { text: 3 } } } }, 'translations.cy.questions.trust_kept.text', 'must be a string'],
    ['a text too long', { cy: { questions: { trust_kept: { text: 'x'.repeat(1001) } } } }, 'translations.cy.questions.trust_kept.text', 'must be at most 1000 characters'],
    ['a language that is not an object', { cy: 'Cymraeg' }, 'translations.cy', 'must be an object of name, description, dimensions and questions'],
    ['questions that are not an object', { cy: { questions: [] } }, 'translations.cy.questions', 'must be an object'],
    ['a tag that is not BCP 47', { 'not a tag': { name: 'x' } }, 'translations.not a tag', 'is not a BCP 47 language tag (e.g. cy for Welsh)'],
    ['a long made-up language', { welsh: { name: 'x' } }, 'translations.welsh', 'is not a BCP 47 language tag (e.g. cy for Welsh)'],
    ['a tag not in canonical case', { 'CY-gb': { name: 'x' } }, 'translations.CY-gb', 'must be written cy-GB'],
    ['English, the source language', { 'en-GB': { name: 'x' } }, 'translations.en-GB', 'is English, the instrument’s own language'],
    ['a list instead of a map', [], 'translations', 'must be an object keyed by language tag'],
  ])('refuses %s, naming it', (_label, translations, field, problem) => {
    expect(checkTranslations(instrument, translations)).toEqual([{ field, problem }]);
  });

  it('names every problem at once', () => {
    const problems = checkTranslations(instrument, { cy: { questions: { mood: {}, trust_kept: { options: { medium: 'x' } } } } });
    expect(problems.map((p) => p.field)).toEqual(['translations.cy.questions.mood', 'translations.cy.questions.trust_kept.options.medium']);
  });
});
