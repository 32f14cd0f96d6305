import { ValidateBy, ValidationOptions } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date, optionally a time to the minute, second or fraction, and optionally a zone (Z or ±hh:mm). */
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** True for a real calendar date written YYYY-MM-DD (2022-02-30 and 2022-7-1 are refused). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * True for an instant written in ISO 8601 on a real calendar date: 2026-07-01, 2026-07-01T08:00Z,
 * 2026-07-01T08:00:00.000+01:00. class-validator's IsDateString takes 2021-02-30 (and week or
 * ordinal dates), which PostgreSQL then refuses mid-query.
 */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_TIMESTAMP.exec(value);
  if (!match || !isIsoDate(match[1])) return false;
  const [hours = 0, minutes = 0, seconds = 0, offsetHours = 0, offsetMinutes = 0] = match.slice(2).map((part) => (part === undefined ? undefined : Number(part)));
  return hours <= 23 && minutes <= 59 && seconds <= 59 && offsetHours <= 23 && offsetMinutes <= 59 && !Number.isNaN(Date.parse(value));
}

/** class-validator decorator: a calendar date in ISO 8601 form (YYYY-MM-DD), no time part. */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value) => isIsoDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO 8601 date (YYYY-MM-DD)`,
      },
    },
    options,
  );
}

/** class-validator decorator: an instant in ISO 8601 form on a real calendar date (see isIsoTimestamp). */
export function IsIsoTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoTimestamp',
      validator: {
        validate: (value) => isIsoTimestamp(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO 8601 date and time on a real calendar date, e.g. 2026-07-01T08:00:00Z`,
      },
    },
    options,
  );
}
