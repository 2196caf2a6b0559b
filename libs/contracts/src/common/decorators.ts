import { ValidateBy, type ValidationOptions } from 'class-validator';
import { dateProblem } from './reading-date.js';

export const SENSOR_ID_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;

/** The instant dates are checked against, set (non-enumerable) by validateReading on the object it validates. */
export const VALIDATION_TIME = Symbol('validationTime');

function validationTime(object: unknown): number | undefined {
  return (object as Record<symbol, number | undefined> | undefined)?.[VALIDATION_TIME];
}

export function IsSensorId(): PropertyDecorator {
  return ValidateBy({
    name: 'isSensorId',
    validator: {
      validate: (value) => typeof value === 'string' && SENSOR_ID_PATTERN.test(value),
      defaultMessage: (args) =>
        args?.value == null
          ? 'sensor_id is required'
          : 'sensor_id must be 1-50 characters of letters, digits, _ or -',
    },
  });
}

/** An ISO 8601 date-time, not before 2000 and not more than 5 minutes ahead. */
export function IsReadingDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isReadingDate',
    validator: {
      validate: (value, args) => dateProblem(value, validationTime(args?.object)) === undefined,
      defaultMessage: (args) =>
        dateProblem(args?.value, validationTime(args?.object)) ?? 'date is invalid',
    },
  });
}

/** A number within [min, max] with at most `decimals` decimal places (0 means an integer). */
export function IsMeasurement(
  min: number,
  max: number,
  decimals: number,
  unit: string,
): PropertyDecorator {
  const kind =
    decimals === 0
      ? 'an integer'
      : `a number with at most ${decimals} decimal place${decimals > 1 ? 's' : ''}`;
  return ValidateBy({
    name: 'isMeasurement',
    validator: {
      validate: (value) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= min &&
        value <= max &&
        decimalPlaces(value) <= decimals,
      defaultMessage: (args) => {
        const value: unknown = args?.value;
        const field = args?.property ?? 'value';
        if (value == null) return `${field} is required`;
        if (typeof value !== 'number' || !Number.isFinite(value)) return `${field} must be ${kind}`;
        if (value < min || value > max) return `${field} must be between ${min} and ${max} ${unit}`;
        return `${field} must be ${kind}`;
      },
    },
  });
}

/** The property must be greater than the number in `other`. */
export function IsGreaterThan(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isGreaterThan',
      constraints: [other],
      validator: {
        validate: (value, args) => {
          const that: unknown = (args?.object as Record<string, unknown> | undefined)?.[other];
          // only comparable once both sides are finite numbers; their own rules report the rest
          return (
            !Number.isFinite(value) ||
            !Number.isFinite(that) ||
            (value as number) > (that as number)
          );
        },
        defaultMessage: (args) => `${args?.property ?? 'value'} must be greater than ${other}`,
      },
    },
    options,
  );
}

export function IsUnit(unit: string): PropertyDecorator {
  return ValidateBy({
    name: 'isUnit',
    validator: {
      validate: (value) => value === unit,
      defaultMessage: (args) =>
        args?.value == null ? 'unit is required' : `unit must be "${unit}"`,
    },
  });
}

function decimalPlaces(value: number): number {
  if (Number.isInteger(value)) return 0;
  const text = String(value);
  if (text.includes('e')) return Infinity;
  return text.length - text.indexOf('.') - 1;
}
