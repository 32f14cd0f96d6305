/** A deliberately loose check (something@domain.tld): the API checks each address again. */
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** The addresses of a pasted list (one a line, or separated by commas, semicolons or spaces), and those that cannot be addresses. */
export function parseAddresses(text: string): { addresses: string[]; invalid: string[] } {
  const items = text.split(/[\s,;]+/).filter(Boolean);
  return { addresses: items.filter((item) => EMAIL.test(item)), invalid: items.filter((item) => !EMAIL.test(item)) };
}

/** A `datetime-local` value (the browser's time zone) as an ISO instant, or null when it is not a date and time. */
export function isoFromLocal(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as a `datetime-local` value in the browser's time zone, to the minute. */
export function localFromIso(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The calendar quarter a date falls in, written as the API's periods are (2026-Q3). */
export function quarterOf(date: Date): string {
  return `${date.getFullYear()}-Q${Math.floor(date.getMonth() / 3) + 1}`;
}
