import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidRequestError } from './api-errors.js';

/**
 * Query parameters and bodies through their class-validator rules: converted to the declared
 * types, unknown ones refused, every problem named by its field.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const problems = errors.map((e) => ({
        field: e.property,
        messages: Object.values(e.constraints ?? { invalid: `${e.property} is not valid` }),
      }));
      return new InvalidRequestError(
        `invalid request: ${problems.map((p) => p.messages.join('; ')).join('; ')}`,
        problems,
      );
    },
  });
}
