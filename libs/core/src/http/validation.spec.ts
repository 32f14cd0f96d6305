import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { FreeFormValues, validationPipe } from './validation';

@FreeFormValues()
class Envelope {
  @IsIn(['a', 'b'])
  kind: string;

  @IsObject()
  values: Record<string, unknown>;

  @IsOptional()
  @IsObject()
  nested?: Record<string, Record<string, unknown>>;
}

class Deep {
  @IsObject()
  values: Record<string, unknown>;
}

const body = (value: unknown, metatype: new () => object = Envelope) => validationPipe().transform(value, { type: 'body', metatype });

async function problemsOf(value: unknown): Promise<unknown> {
  const error = await body(value).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  return ((error as BadRequestException).getResponse() as { errors: unknown }).errors;
}

describe('validationPipe with @FreeFormValues', () => {
  it('returns an instance of the DTO holding the maps as sent, not copies', async () => {
    const values = { q1: 'agree', q2: 'dont_know' };
    const nested = { p1: { r1: 'good' } };
    const dto = (await body({ kind: 'a', values, nested })) as Envelope;
    expect(dto).toBeInstanceOf(Envelope);
    expect(dto.values).toBe(values);
    expect(dto.nested).toBe(nested);
  });

  it('applies the top-level rules and names each field, as for any DTO', async () => {
    expect(await problemsOf({ kind: 'c', values: [] })).toEqual([
      { field: 'kind', problem: 'must be one of the following values: a, b' },
      { field: 'values', problem: 'must be an object' },
    ]);
  });

  it('refuses fields the DTO does not declare, and never takes a prototype from the body', async () => {
    expect(await problemsOf({ kind: 'a', values: {}, extra: 1 })).toEqual([{ field: 'extra', problem: 'property extra should not exist' }]);
    const dto = (await body(JSON.parse('{"kind":"a","values":{},"__proto__":{"polluted":true}}'))) as Envelope & { polluted?: boolean };
    expect(Object.getPrototypeOf(dto)).toBe(Envelope.prototype);
    expect(dto.polluted).toBeUndefined();
  });

  it('leaves bodies that are not objects to the usual checks', async () => {
    await expect(body(['a'])).rejects.toBeInstanceOf(BadRequestException);
    await expect(body('text')).rejects.toBeInstanceOf(BadRequestException);
  });

  it('still deep-copies DTOs without the mark', async () => {
    const values = { q1: 'agree' };
    const dto = (await body({ values }, Deep)) as Deep;
    expect(dto).toBeInstanceOf(Deep);
    expect(dto.values).toEqual(values);
    expect(dto.values).not.toBe(values);
  });
});
