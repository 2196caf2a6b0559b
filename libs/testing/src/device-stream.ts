import type { ClientTls } from '@healthcare/config';
import type { Reading, ReadingKind } from '@healthcare/contracts';
import {
  createGenerator,
  GrpcSensorClient,
  RestSensorClient,
  WsSensorClient,
  type ClientOptions,
  type Outcome,
  type SensorClient,
} from '@healthcare/sensors';
import { randomBytes } from 'node:crypto';
import { readingKey } from './reading-tables.js';
import { closeAtTeardown } from './teardown.js';

/** Where the devices find the gateway (a TestGateway has these). */
export interface GatewayAddress {
  httpUrl: string;
  wsUrl: string;
  grpcAddress: string;
  /** What a client needs for a gateway that serves TLS. */
  tls?: ClientTls;
}

export interface DeviceStreamOptions {
  /** Devices per protocol. */
  devices?: number;
  /** Each device sends a new reading this often, whether its earlier ones were answered or not. */
  intervalMs?: number;
  /** Retry settings of the sensor clients (backoff, per-attempt timeout). */
  client?: ClientOptions;
}

/** One reading a device sent, and what became of it. */
export interface SentReading {
  kind: ReadingKind;
  reading: Reading;
  /** readingKey: the row it must become. */
  key: string;
  /** The phase it was first sent in. */
  phase: string;
  sentAt: number;
  /** When the device was told "received". */
  receivedAt?: number;
  outcome?: Outcome;
}

export interface PhaseCounts {
  /** New readings first sent in the phase. */
  sent: number;
  /** Of those, told "received" (possibly in a later phase, after resends). */
  received: number;
  /** Attempts the clients repeated during the phase (errors, timeouts, lost connections). */
  resent: number;
}

/**
 * Simulated devices of the three protocols streaming to a gateway through the sensor apps' own
 * clients (libs/sensors), which resend a reading (same values, same date) until the gateway
 * answers it: REST and gRPC after an error or a timeout, WebSocket after those and after a lost
 * connection. Every reading and its outcome is kept, labelled with the phase it was sent in.
 */
export class DeviceStream {
  readonly readings: SentReading[] = [];
  private current = 'start';
  private readonly resent = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly answers = new Set<Promise<void>>();
  private readonly clients: { kind: ReadingKind; client: SensorClient }[];
  private readonly forget: () => void;

  private constructor(gateway: GatewayAddress, options: DeviceStreamOptions) {
    const client: ClientOptions = {
      tls: gateway.tls,
      ...options.client,
      onRetry: (event) => {
        this.resent.set(this.current, (this.resent.get(this.current) ?? 0) + 1);
        options.client?.onRetry?.(event);
      },
    };
    this.clients = [
      {
        kind: 'temperature',
        client: new RestSensorClient({ ...client, baseUrl: gateway.httpUrl }),
      },
      { kind: 'heartRate', client: new WsSensorClient({ ...client, url: gateway.wsUrl }) },
      {
        kind: 'pressure',
        client: new GrpcSensorClient({ ...client, address: gateway.grpcAddress }),
      },
    ];
    this.forget = closeAtTeardown(() => this.close());
  }

  /** Starts `devices` devices per protocol, each sending every `intervalMs`. */
  static start(gateway: GatewayAddress, options: DeviceStreamOptions = {}): DeviceStream {
    const stream = new DeviceStream(gateway, options);
    const { devices = 3, intervalMs = 50 } = options;
    const run = randomBytes(3).toString('hex');
    for (const { kind, client } of stream.clients) {
      const next = createGenerator(kind);
      for (let d = 0; d < devices; d++) {
        const sensorId = `${kind}_${run}_${d}`;
        // devices spread over the interval, as the sensor apps start them
        const begin = setTimeout(
          () => {
            stream.timers.push(
              setInterval(() => stream.send(kind, client, next(sensorId)), intervalMs),
            );
          },
          (intervalMs * d) / devices,
        );
        stream.timers.push(begin);
      }
    }
    return stream;
  }

  /** Readings sent from now on are labelled `name`. */
  set phase(name: string) {
    this.current = name;
  }

  get phase(): string {
    return this.current;
  }

  /** The phases in the order they began. */
  get phases(): string[] {
    return [...new Set([...this.readings.map((r) => r.phase), ...this.resent.keys()])];
  }

  counts(phase: string): PhaseCounts {
    const own = this.readings.filter((r) => r.phase === phase);
    return {
      sent: own.length,
      received: own.filter((r) => r.outcome?.status === 'accepted').length,
      resent: this.resent.get(phase) ?? 0,
    };
  }

  /** Readings told "received". */
  received(): SentReading[] {
    return this.readings.filter((r) => r.outcome?.status === 'accepted');
  }

  /**
   * Sends no new readings, waits up to `timeoutMs` for every sent one to be answered, then closes
   * the clients: what is still unanswered is abandoned (and may or may not be stored).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.timers.splice(0).forEach((timer) => clearTimeout(timer));
    const deadline = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.all(this.answers), deadline]);
    await this.close();
    this.forget();
  }

  private send(kind: ReadingKind, client: SensorClient, reading: Reading): void {
    const sent: SentReading = {
      kind,
      reading,
      key: readingKey(reading),
      phase: this.current,
      sentAt: Date.now(),
    };
    this.readings.push(sent);
    const answer = client.send(reading).then((outcome) => {
      sent.outcome = outcome;
      if (outcome.status === 'accepted') sent.receivedAt = Date.now();
      this.answers.delete(answer);
    });
    this.answers.add(answer);
  }

  private async close(): Promise<void> {
    this.timers.splice(0).forEach((timer) => clearTimeout(timer));
    await Promise.all(this.clients.map(({ client }) => client.close()));
  }
}
