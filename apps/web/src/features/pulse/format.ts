/** A date and time in the interface language, e.g. "22 July 2026 at 17:00" (Welsh: "22 Gorffennaf 2026 am 17:00"). */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
}
