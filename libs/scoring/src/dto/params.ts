import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputError } from '@pp/core';

/** ParseUUIDPipe whose 400 names the route parameter in problem-details form. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new InvalidInputError(`${name} must be a UUID`, [{ field: name, problem: 'must be a UUID' }]),
  });
}
