import { validateSync, type ValidationError } from 'class-validator';
import type { FieldError } from './common/field-error.js';
import { MAX_FIELD_NAME_SHOWN, MAX_UNKNOWN_FIELDS } from './common/limits.js';
import { VALIDATION_TIME } from './common/decorators.js';
import { compileQuickCheck, type QuickCheck } from './common/quick-check.js';
import { parseIsoDate } from './common/reading-date.js';
import { READING_KINDS, READINGS, type Reading, type ReadingKind } from './readings.js';

export type Validation<K extends ReadingKind> =
  { ok: true; reading: Reading<K> } | { ok: false; errors: FieldError[] };

/**
 * Checks a decoded payload against the contract of its kind and returns the normalised
 * reading: fields in wire order, the date in UTC ISO form. `now` is the instant the
 * "not more than 5 minutes in the future" rule measures from.
 */
export function validateReading<K extends ReadingKind>(
  kind: K,
  input: unknown,
  now = Date.now(),
): Validation<K> {
  const spec = READINGS[kind];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: '$', messages: [`a ${kind} reading must be a JSON object`] }],
    };
  }
  const fields: readonly string[] = spec.fields;
  const errors = unknownFieldErrors(kind, Object.keys(input), fields);

  const candidate = Object.create(spec.type.prototype) as Record<string | symbol, unknown>;
  candidate[VALIDATION_TIME] = now;
  for (const field of fields) candidate[field] = (input as Record<string, unknown>)[field];
  // the quick check answers for nearly every reading; validateSync says why one is invalid
  if (errors.length > 0 || !QUICK_CHECKS[kind](candidate)) {
    errors.push(...validateSync(candidate, VALIDATOR_OPTIONS).map(toFieldError));
    if (errors.length > 0) return { ok: false, errors };
  }

  const normalised: Record<string, unknown> = {};
  for (const field of fields) normalised[field] = candidate[field];
  normalised.date = parseIsoDate(candidate.date as string)!.iso;
  return { ok: true, reading: normalised as unknown as Reading<K> };
}

/** Parses a JSON text and validates it; malformed JSON is a field error on `$`. */
export function parseReading<K extends ReadingKind>(
  kind: K,
  text: string,
  now = Date.now(),
): Validation<K> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      errors: [{ field: '$', messages: [`malformed JSON: ${(err as Error).message}`] }],
    };
  }
  return validateReading(kind, input, now);
}

/**
 * One error per unknown field, up to MAX_UNKNOWN_FIELDS, then one that counts the rest: a payload
 * with many keys must not cost an error (and a line of the reason) each.
 */
function unknownFieldErrors(
  kind: ReadingKind,
  keys: readonly string[],
  fields: readonly string[],
): FieldError[] {
  const errors: FieldError[] = [];
  let more = 0;
  for (const key of keys) {
    if (fields.includes(key)) continue;
    if (errors.length === MAX_UNKNOWN_FIELDS) {
      more += 1;
      continue;
    }
    const name =
      key.length > MAX_FIELD_NAME_SHOWN ? `${key.slice(0, MAX_FIELD_NAME_SHOWN)}...` : key;
    errors.push({ field: name, messages: [`${name} is not a field of a ${kind} reading`] });
  }
  if (more > 0) {
    const messages = [`and ${more} more fields that are not fields of a ${kind} reading`];
    errors.push({ field: '$', messages });
  }
  return errors;
}

const QUICK_CHECKS = Object.fromEntries(
  READING_KINDS.map((kind) => [kind, compileQuickCheck(READINGS[kind].type)]),
) as Record<ReadingKind, QuickCheck>;

const VALIDATOR_OPTIONS = {
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

function toFieldError(error: ValidationError): FieldError {
  return { field: error.property, messages: Object.values(error.constraints ?? {}) };
}
