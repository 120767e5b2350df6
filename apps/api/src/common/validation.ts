import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, type ErrorBody, type FieldError } from '../domain.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
} as const;

function messageOf(fields: FieldError[]): string {
  return fields.map((f) => f.messages.join('; ')).join('; ');
}

/**
 * Validates input that did not come through a REST route (MCP tool arguments) with the
 * very same request classes, so every interface accepts and refuses exactly the same input.
 */
export async function validateAs<T extends object>(shape: ClassConstructor<T>, input: unknown): Promise<T> {
  const instance = plainToInstance(shape, input ?? {}, { enableImplicitConversion: false });
  const fields = flatten(await validate(instance, OPTIONS));
  if (fields.length > 0) throw new DomainError('validation_failed', messageOf(fields), { fields });
  return instance;
}

/** Unknown fields are refused, types are converted only where declared, and every message names its field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...OPTIONS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const body: ErrorBody = {
        statusCode: 400,
        error: 'validation_failed',
        message: messageOf(fields),
        fields,
      };
      return new BadRequestException(body);
    },
  });
}
