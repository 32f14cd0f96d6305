import { InvalidInputError } from '@pp/core';

/** The Idempotency-Key header, checked: printable ASCII, 1 to 255 characters. */
export function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new InvalidInputError('Idempotency-Key must be 1 to 255 printable ASCII characters without spaces', [
      { field: 'Idempotency-Key', problem: 'must be 1 to 255 printable ASCII characters without spaces' },
    ]);
  }
  return value;
}
