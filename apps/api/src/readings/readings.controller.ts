import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { READING_KINDS, type ReadingKind } from '@healthcare/contracts';
import { CurrentReader, type Reader } from '../auth/reader.js';
import { InvalidRequestError } from '../errors/api-errors.js';
import { AggregatesRepository } from './aggregates.repository.js';
import { decodeCursor } from './cursor.js';
import { ReadingKindPipe } from './kind.pipe.js';
import { readingJson } from './reading-json.js';
import { AggregatesQuery, bucketSeconds, MAX_BUCKETS, ReadingsQuery } from './readings.dto.js';
import { ReadingsRepository } from './readings.repository.js';
import { rangeOf, subjectFor } from './subject.js';

@ApiTags('readings')
@ApiBearerAuth()
@ApiParam({ name: 'kind', enum: READING_KINDS })
@Controller('readings/:kind')
export class ReadingsController {
  constructor(
    @Inject(ReadingsRepository) private readonly readings: ReadingsRepository,
    @Inject(AggregatesRepository) private readonly aggregates: AggregatesRepository,
  ) {}

  /** Readings of one kind for a device or a patient, newest first, a page at a time. */
  @Get()
  async list(
    @Param('kind', ReadingKindPipe) kind: ReadingKind,
    @Query() query: ReadingsQuery,
    @CurrentReader() reader: Reader,
  ) {
    const page = await this.readings.page({
      kinds: [kind],
      subject: subjectFor(reader, query.device, query.patient),
      range: rangeOf(query),
      cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit: query.limit,
    });
    return { kind, items: page.items.map(readingJson), next_cursor: page.next ?? null };
  }

  /** Count, minimum, maximum and mean per time bucket over `from`..`to`. */
  @Get('aggregates')
  async buckets(
    @Param('kind', ReadingKindPipe) kind: ReadingKind,
    @Query() query: AggregatesQuery,
    @CurrentReader() reader: Reader,
  ) {
    const seconds = bucketSeconds(query.bucket);
    if (seconds === undefined) {
      throw new InvalidRequestError('bucket must be between 1 minute and 1 day', [
        { field: 'bucket', messages: ['must be between 1m and 1d'] },
      ]);
    }
    if (!query.from || !query.to) {
      throw new InvalidRequestError('aggregates need from and to', [
        { field: query.from ? 'to' : 'from', messages: ['is required for aggregates'] },
      ]);
    }
    const range = rangeOf(query);
    const span = (Date.parse(query.to) - Date.parse(query.from)) / 1000;
    if (span / seconds > MAX_BUCKETS) {
      throw new InvalidRequestError(
        `more than ${MAX_BUCKETS} buckets: widen bucket or narrow from..to`,
        [{ field: 'bucket', messages: [`at most ${MAX_BUCKETS} buckets per request`] }],
      );
    }
    const subject = subjectFor(reader, query.device, query.patient);
    const buckets = await this.aggregates.buckets(kind, subject, range, seconds);
    return {
      kind,
      bucket: query.bucket,
      from: query.from,
      to: query.to,
      buckets: buckets.map((b) => ({ start: b.start, count: b.count, ...b.values })),
    };
  }
}
