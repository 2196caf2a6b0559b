/** One failing field of a reading and every reason it failed. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** A payload that is not a valid reading; carries the field errors for the protocol's answer. */
export class InvalidReadingError extends Error {
  constructor(
    readonly kind: string,
    readonly errors: FieldError[],
  ) {
    super(`invalid ${kind} reading: ${errors.map((e) => e.messages.join(', ')).join('; ')}`);
    this.name = 'InvalidReadingError';
  }
}

/** The gRPC metadata entry in which the gateway lists a reading's field errors, as JSON. */
export const FIELD_ERRORS_METADATA = 'field-errors';

/** The field errors a failed gRPC call carries in its metadata; undefined when it has none. */
export function fieldErrorsOf(
  metadata: { get(key: string): unknown[] } | undefined,
): FieldError[] | undefined {
  const [value] = metadata?.get(FIELD_ERRORS_METADATA) ?? [];
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as FieldError[];
  } catch {
    return undefined;
  }
}
