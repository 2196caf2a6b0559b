import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { fieldErrorsOf, type Reading } from '@healthcare/contracts';
import { createSensorClient, type SensorServiceClient } from '@healthcare/proto';
import {
  authorization,
  resolveOptions,
  type ClientOptions,
  type ResolvedClientOptions,
} from '../client-options.js';
import type { Outcome, SensorClient } from '../outcome.js';
import { shutdownController, withRetry, type AttemptResult } from '../retry.js';

export interface GrpcClientOptions extends ClientOptions {
  /** host:port of the gateway's gRPC server, e.g. localhost:7777 */
  address: string;
}

/** Codes worth another try: the gateway is away, overloaded, restarting or dropped the call. */
const TRANSIENT_CODES = new Set<status>([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED,
  status.ABORTED,
  status.INTERNAL,
]);

/** Blood-pressure readings: unary sensor_data.SensorService/SendPressure with a deadline. */
export class GrpcSensorClient implements SensorClient<'pressure'> {
  readonly kind = 'pressure';
  private readonly client: SensorServiceClient;
  private readonly options: ResolvedClientOptions;
  private readonly closing = shutdownController();
  private readonly metadata = new Metadata();

  constructor(options: GrpcClientOptions) {
    this.options = resolveOptions(options);
    const header = authorization(options.token);
    if (header) this.metadata.set('authorization', header);
    // the channel's own reconnect backoff (up to 120 s by default) must not outlast ours
    this.client = createSensorClient(
      options.address,
      {
        'grpc.initial_reconnect_backoff_ms': this.options.backoff.initialMs,
        'grpc.max_reconnect_backoff_ms': this.options.backoff.maxMs,
      },
      options.tls,
    );
  }

  send(reading: Reading<'pressure'>): Promise<Outcome> {
    return withRetry(
      reading.sensor_id,
      () => this.call(reading),
      this.options,
      this.closing.signal,
    );
  }

  close(): Promise<void> {
    this.closing.abort();
    this.client.close();
    return Promise.resolve();
  }

  private call(reading: Reading<'pressure'>): Promise<AttemptResult> {
    return new Promise((resolve) => {
      const deadline = Date.now() + this.options.timeoutMs;
      try {
        this.client.SendPressure(reading, this.metadata, { deadline }, (err) =>
          resolve(interpret(err)),
        );
      } catch (err) {
        // a closed channel throws instead of answering
        resolve({ kind: 'transient', reason: (err as Error).message });
      }
    });
  }
}

function interpret(err: ServiceError | null): AttemptResult {
  if (!err) return { kind: 'accepted' };
  const reason = `${status[err.code]}: ${err.details || err.message}`;
  if (TRANSIENT_CODES.has(err.code) || err.code === status.CANCELLED) {
    return { kind: 'transient', reason };
  }
  const errors = fieldErrorsOf(err.metadata);
  return {
    kind: 'rejected',
    code: errors ? 'invalid_reading' : status[err.code],
    message: err.details || err.message,
    ...(errors ? { errors } : {}),
  };
}
