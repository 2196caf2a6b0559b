import { Injectable, type PipeTransform } from '@nestjs/common';
import { isReadingKind, READING_KINDS, type ReadingKind } from '@healthcare/contracts';
import { InvalidRequestError } from '../errors/api-errors.js';

/** A `:kind` path parameter: temperature, heartRate or pressure. */
@Injectable()
export class ReadingKindPipe implements PipeTransform<string, ReadingKind> {
  transform(value: string): ReadingKind {
    if (isReadingKind(value)) return value;
    throw new InvalidRequestError(`kind must be one of ${READING_KINDS.join(', ')}`, [
      { field: 'kind', messages: [`must be one of ${READING_KINDS.join(', ')}`] },
    ]);
  }
}
