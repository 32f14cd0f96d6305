import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import cy from './cy.json';
import en from './en.json';

/** Every interface string has a key in en.json; cy.json must have the same keys (checked by the type below). */
export type MessageKey = keyof typeof en;
export type Language = 'en' | 'cy';
export const LANGUAGES: readonly Language[] = ['en', 'cy'];

const catalogues: Record<Language, Record<MessageKey, string>> = { en, cy: cy satisfies Record<MessageKey, string> };
const STORAGE_KEY = 'pp.language';

function storedLanguage(): Language {
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
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => ({ language, setLanguage, t: (key, values) => format(catalogues[language][key], values) }), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** `const { t } = useT(); t('signIn.title')` */
export function useT(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useT() outside <I18nProvider>');
  return i18n;
}
