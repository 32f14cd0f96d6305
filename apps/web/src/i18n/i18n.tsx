import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import en from './en.json';

/** Every interface string has a key in en.json; cy.json must have the same keys (checked by the type below). */
export type MessageKey = keyof typeof en;
export type Language = 'en' | 'cy';
export const LANGUAGES: readonly Language[] = ['en', 'cy'];
type Catalogue = Record<MessageKey, string>;

/**
 * English is in the entry; Welsh is a chunk of its own, fetched only when chosen (or when the
 * reader chose it before: the entry waits for it then, so a Welsh reader never sees English first).
 * Every page's JavaScript, the respondent's /pulse above all, then carries one catalogue, not two.
 */
const catalogues: Partial<Record<Language, Catalogue>> = { en };
const loaders: Record<Exclude<Language, 'en'>, () => Promise<Catalogue>> = {
  cy: () => import('./cy.json').then((m) => m.default satisfies Catalogue),
};
const loading = new Map<Language, Promise<void>>();

/** Fetches a language's catalogue once (a no-op for English); the language switch and the entry call it. */
export function loadCatalogue(language: Language): Promise<void> {
  if (catalogues[language]) return Promise.resolve();
  let load = loading.get(language);
  if (!load) {
    load = loaders[language as Exclude<Language, 'en'>]().then(
      (catalogue) => void (catalogues[language] = catalogue),
      (error: unknown) => {
        loading.delete(language); // a later choice tries again
        throw error;
      },
    );
    loading.set(language, load);
  }
  return load;
}

const STORAGE_KEY = 'pp.language';

export function storedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'cy' || stored === 'en' ? stored : 'en';
}

/** Replaces `{name}` placeholders with the given values. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** The chosen language, remembered in localStorage and set on <html lang> for screen readers and spell-checkers. */
export function I18nProvider({ children }: { children: ReactNode }) {
  // The stored language once its catalogue is in (the entry waits for it), English otherwise.
  const [language, setLanguageState] = useState<Language>(() => (catalogues[storedLanguage()] ? storedLanguage() : 'en'));
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    // The page changes language once its words are here (at once when they already are); if they cannot be fetched, it stays as it is.
    loadCatalogue(next).then(
      () => {
        localStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
      () => undefined,
    );
  }, []);
  const value = useMemo<I18n>(() => {
    const catalogue = catalogues[language] ?? en;
    return { language, setLanguage, t: (key, values) => format(catalogue[key], values) };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** `const { t } = useT(); t('signIn.title')` */
export function useT(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useT() outside <I18nProvider>');
  return i18n;
}
