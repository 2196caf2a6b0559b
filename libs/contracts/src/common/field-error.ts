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
