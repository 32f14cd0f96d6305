import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '../errors/domain-errors';

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

/** DTO validation at the edge: unknown fields are refused, types coerced only where declared. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
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
