import { ParseUUIDPipe } from '@nestjs/common';
import type { TransformFnParams } from 'class-transformer';
import { ValidateIf } from 'class-validator';
import { InvalidInputError } from '../errors/domain-errors';

/** Surrounding spaces are never meant; trimming first lets @IsNotEmpty refuse a blank name. */
export function trim({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** Query strings carry text: 'true' and 'false' become booleans, anything else is left for @IsBoolean to refuse. */
export function toBoolean({ value }: TransformFnParams): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/**
 * May be left out, but not sent as null: for optional fields whose column is NOT NULL.
 * (@IsOptional lets null through, which would reach the database.)
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** A search term as an ILIKE pattern that matches it literally anywhere in the text. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** ParseUUIDPipe whose 400 names the route parameter in problem-details form. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new InvalidInputError(`${name} must be a UUID`, [{ field: name, problem: 'must be a UUID' }]),
  });
}
