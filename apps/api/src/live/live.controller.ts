import { Controller, Inject, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { finalize, merge, interval, map, type Observable } from 'rxjs';
import { CurrentReader, patientInScope, type Reader } from '../auth/reader.js';
import { ApiConfig } from '../config/api.config.js';
import { TooManyError } from '../errors/api-errors.js';
import { LiveFeed } from './live-feed.js';
import { liveStream, type LiveBatch } from './live-stream.js';

/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * GET /live: server-sent events with the ward's new vitals and alert changes, as the subscriber
 * stores and scores them. Authenticated like every route; a reader holds a bounded number of
 * streams, and the API a bounded number in all.
 */
@ApiTags('live')
@ApiBearerAuth()
@Controller('live')
export class LiveController {
  private readonly perReader = new Map<number, number>();
  private total = 0;

  constructor(
    @Inject(LiveFeed) private readonly feed: LiveFeed,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  @Sse()
  stream(@CurrentReader() reader: Reader): Observable<{ data: LiveBatch | string }> {
    const patient = patientInScope(reader, undefined);
    const held = this.perReader.get(reader.id) ?? 0;
    if (held >= this.config.LIVE_STREAMS_PER_READER) {
      throw new TooManyError(
        `this reader has ${held} live streams open already (at most ${this.config.LIVE_STREAMS_PER_READER})`,
      );
    }
    if (this.total >= this.config.LIVE_STREAMS) {
      throw new TooManyError('the API serves as many live streams as it may; retry later');
    }
    this.perReader.set(reader.id, held + 1);
    this.total += 1;
    const keepalive = interval(KEEPALIVE_MS).pipe(map(() => ({ data: 'keepalive' })));
    return merge(liveStream(this.feed, patient, this.config.LIVE_FLUSH_MS), keepalive).pipe(
      finalize(() => {
        this.total -= 1;
        const left = (this.perReader.get(reader.id) ?? 1) - 1;
        if (left > 0) this.perReader.set(reader.id, left);
        else this.perReader.delete(reader.id);
      }),
    );
  }
}
