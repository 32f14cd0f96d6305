import { Transform } from 'class-transformer';

/** Emails compare without case or surrounding spaces; they are stored lower-cased. */
export const NormaliseEmail = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
