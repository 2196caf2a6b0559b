import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors/api-errors.js';

/** Who is reading: a name, and the one patient it may read (null: every patient). */
export interface Reader {
  id: number;
  name: string;
  patient: string | null;
}

export type ReaderRequest = FastifyRequest & { reader?: Reader };

/** The authenticated reader of a request (set by ReaderAuthGuard). */
export const CurrentReader = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const reader = context.switchToHttp().getRequest<ReaderRequest>().reader;
  if (!reader) throw new Error('no reader on an authenticated route');
  return reader;
});

export const PUBLIC_ROUTE = 'healthcare:public';
/** A route anyone may call (the health check): no token asked. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The patient a request may read: the one asked for, which a patient-scoped reader may only
 * name if it is its own; without one, a scoped reader's own patient, else none (all patients).
 */
export function patientInScope(reader: Reader, asked: string | undefined): string | undefined {
  if (reader.patient === null) return asked;
  if (asked !== undefined && asked !== reader.patient) {
    throw new ForbiddenError(`this reader may read patient ${reader.patient} only`);
  }
  return reader.patient;
}

/** Writes (assignments) and other patients' data need a reader of every patient. */
export function requireAllPatients(reader: Reader): void {
  if (reader.patient !== null) {
    throw new ForbiddenError('this needs a reader of every patient, not of one');
  }
}
