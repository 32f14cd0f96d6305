import { type ArgumentMetadata, BadRequestException, type Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { validate } from 'class-validator';
import type { FieldProblem } from '../errors/domain-errors';

const FREE_FORM_VALUES = Symbol('free-form-values');

/**
 * Marks a DTO whose properties hold free-form maps that a domain validator checks afterwards (a
 * pulse response's answers, by question key and partner): its class-validator rules are applied
 * to the top level as usual, but the body is not deep-copied into the class first. On a response
 * of ~100 answers, class-transformer's copy cost more than everything else the pipe does.
 */
export function FreeFormValues(): ClassDecorator {
  return (target) => Reflect.defineMetadata(FREE_FORM_VALUES, true, target);
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({
      field,
      problem: problem.startsWith(`${error.property} `) ? problem.slice(error.property.length + 1) : problem,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype as Type<object> | undefined;
    if (!metatype || !Reflect.getOwnMetadata(FREE_FORM_VALUES, metatype) || !isPlainObject(value)) return super.transform(value, metadata);
    // The top level copied onto an instance, as class-transformer would, prototype keys left out.
    const dto = new metatype() as Record<string, unknown>;
    for (const key of Object.keys(value)) if (key !== '__proto__' && key !== 'constructor') dto[key] = value[key];
    const errors = await validate(dto, this.validatorOptions);
    if (errors.length > 0) throw await this.exceptionFactory(errors);
    return dto;
  }
}

/** DTO validation at the edge: unknown fields are refused, types coerced only where declared. */
export function validationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new BadRequestException({
        detail: `Invalid request: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
        errors: problems,
      });
    },
  });
}
