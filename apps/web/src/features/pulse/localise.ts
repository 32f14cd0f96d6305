import type { components } from '../../api/schema';

type Instrument = components['schemas']['InstrumentDto'];
type QuestionType = components['schemas']['QuestionType'];

export interface LocalisedOption {
  value: string;
  label: string;
}

export interface LocalisedQuestion {
  key: string;
  type: QuestionType;
  text: string;
  options: LocalisedOption[];
  allowDontKnow: boolean;
  required: boolean;
}

export interface LocalisedInstrument {
  name: string;
  questions: LocalisedQuestion[];
}

/**
 * The instrument's words in `language`, each string on its own falling back to the English one
 * (a partial translation is valid, and a missing string must never leave a blank label). Answers
 * stay option values, whatever the language.
 */
export function localiseInstrument(instrument: Pick<Instrument, 'name' | 'questions' | 'translations'>, language: string): LocalisedInstrument {
  const translation = language === 'en' ? undefined : instrument.translations[language];
  return {
    name: translation?.name || instrument.name,
    questions: instrument.questions.map((question) => {
      const words = translation?.questions?.[question.key];
      return {
        key: question.key,
        type: question.type,
        text: words?.text || question.text,
        options: question.options.map((option) => ({ value: option.value, label: words?.options?.[option.value] || option.label })),
        allowDontKnow: question.allowDontKnow,
        required: question.required,
      };
    }),
  };
}
