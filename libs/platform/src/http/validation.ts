import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, ValidateIf, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { decimalProblem, yuanProblem, type AmountRule } from '@ledger/money';
import { Problems } from './problem';

/** Flattens class-validator's tree into `field.path: message` pairs (nested objects and arrays). */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  const flat: Array<{ field: string; message: string }> = [];
  for (const error of errors) {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) flat.push({ field, message });
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, field));
  }
  return flat;
}

/** Unknown fields are refused (forbidNonWhitelisted), never silently dropped. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => Problems.validation(flattenValidationErrors(errors)),
  });
}

/** A yuan amount: decimal string, at most 2 places, no exponent, <= 10^13. */
/**
 * For a body field the client may leave out. Unlike @IsOptional(), JSON null is not an absence: a field
 * sent as null is validated like any other value, and refused with 400 naming it, before any rule runs.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

export function IsYuan(rule: AmountRule = 'positive', options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isYuan',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => yuanProblem(value, rule) === undefined,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'amount'} ${yuanProblem(args?.value, rule) ?? 'is invalid'}`,
      },
    });
}

/** A ratio or multiplier as a decimal string (never a JSON number), within [min, max]. */
export function IsDecimalString(min?: string, max?: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDecimalString',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => decimalProblem(value, min, max) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${decimalProblem(args?.value, min, max) ?? 'is invalid'}`,
      },
    });
}
