import { describe, expect, it } from '@jest/globals';
import { localiseInstrument } from './localise';

const question = (key: string, text: string, options: [string, string][] = []) => ({
  key,
  text,
  type: 'scale' as const,
  dimension: 'trust',
  options: options.map(([value, label]) => ({ value, label })),
  reversed: false,
  allowDontKnow: true,
  required: true,
});

const instrument = {
  name: 'Trust check',
  questions: [
    question('trust_commitments', 'Partners deliver on what they commit to.', [
      ['disagree', 'Disagree'],
      ['agree', 'Agree'],
    ]),
    question('trust_openness', 'Partners are open about difficulties.', [['yes', 'Yes']]),
  ],
  translations: {
    cy: {
      name: 'Gwiriad ymddiriedaeth',
      questions: { trust_commitments: { text: 'Mae partneriaid yn cyflawni’r hyn y maent yn ymrwymo iddo.', options: { agree: 'Cytuno' } } },
    },
    fr: { questions: { trust_openness: { text: '' } } },
  },
};

describe('localiseInstrument: the chosen language, falling back to English string by string', () => {
  const cases: { name: string; language: string; name_: string; texts: string[]; labels: string[][] }[] = [
    {
      name: 'English is the instrument as written',
      language: 'en',
      name_: 'Trust check',
      texts: ['Partners deliver on what they commit to.', 'Partners are open about difficulties.'],
      labels: [['Disagree', 'Agree'], ['Yes']],
    },
    {
      name: 'Welsh where translated, English for the untranslated question and option',
      language: 'cy',
      name_: 'Gwiriad ymddiriedaeth',
      texts: ['Mae partneriaid yn cyflawni’r hyn y maent yn ymrwymo iddo.', 'Partners are open about difficulties.'],
      labels: [['Disagree', 'Cytuno'], ['Yes']],
    },
    {
      name: 'a language with no name and an empty text falls back to English',
      language: 'fr',
      name_: 'Trust check',
      texts: ['Partners deliver on what they commit to.', 'Partners are open about difficulties.'],
      labels: [['Disagree', 'Agree'], ['Yes']],
    },
    {
      name: 'a language without any translation is English',
      language: 'de',
      name_: 'Trust check',
      texts: ['Partners deliver on what they commit to.', 'Partners are open about difficulties.'],
      labels: [['Disagree', 'Agree'], ['Yes']],
    },
  ];

  it.each(cases)('$name', ({ language, name_, texts, labels }) => {
    const localised = localiseInstrument(instrument, language);
    expect(localised.name).toBe(name_);
    expect(localised.questions.map((q) => q.text)).toEqual(texts);
    expect(localised.questions.map((q) => q.options.map((o) => o.label))).toEqual(labels);
    // Answers are sent as option values in every language.
    expect(localised.questions.map((q) => q.options.map((o) => o.value))).toEqual([['disagree', 'agree'], ['yes']]);
  });
});
