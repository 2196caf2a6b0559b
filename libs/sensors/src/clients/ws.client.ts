import type { GatewayFrame, Reading } from '@healthcare/contracts';
import { WebSocket, type RawData } from 'ws';
import { backoffDelay } from '../backoff.js';
import {
  authorization,
  resolveOptions,
  type ClientOptions,
  type ResolvedClientOptions,
} from '../client-options.js';
import { abandoned, type Outcome, type SensorClient } from '../outcome.js';

export interface WsClientOptions extends ClientOptions {
  /** The gateway's WebSocket endpoint, e.g. ws://localhost:5000/heartrate */
  url: string;
}

/** A reading sent (or to be sent) and not yet answered for good. */
interface Pending {
  readonly sensorId: string;
  readonly text: string;
  attempts: number;
  /** Written on the current connection and waiting for its answer since `sentAt`. */
  written: boolean;
  sentAt: number;
  retryTimer?: NodeJS.Timeout;
  readonly settle: (outcome: Outcome) => void;
  readonly outcome: Promise<Outcome>;
}

/**
 * Heart-rate readings over one WebSocket, pipelined: every reading is written at once and
 * matched to its answer by sensor_id + date (unique per device). When the connection drops the
 * client reconnects with backoff and writes again every reading that had no answer; readings
 * answered `unavailable` are written again after a backoff; other error frames are final.
 */
export class WsSensorClient implements SensorClient<'heartRate'> {
  readonly kind = 'heartRate';
  private readonly options: ResolvedClientOptions;
  private readonly pending = new Map<string, Pending>();
  private socket?: WebSocket;
  private failedConnects = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly clientOptions: WsClientOptions) {
    this.options = resolveOptions(clientOptions);
  }

  send(reading: Reading<'heartRate'>): Promise<Outcome> {
    if (this.closed) return Promise.resolve(abandoned(0, 'client closed'));
    const key = keyOf(reading.sensor_id, reading.date);
    const existing = this.pending.get(key);
    if (existing) return existing.outcome;
    let settle!: (outcome: Outcome) => void;
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
    const entry: Pending = {
      sensorId: reading.sensor_id,
      text: JSON.stringify(reading),
      attempts: 0,
      written: false,
      sentAt: 0,
      settle,
      outcome,
    };
    this.pending.set(key, entry);
    this.write(entry);
    return outcome;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.watchdog);
    for (const [key, entry] of this.pending) {
      this.finish(key, entry, abandoned(entry.attempts, 'client closed'));
    }
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.close(1000);
    const force = setTimeout(() => socket.terminate(), 1000);
    await closed;
    clearTimeout(force);
  }

  private write(entry: Pending): void {
    const socket = this.socket;
    if (socket?.readyState !== WebSocket.OPEN) {
      this.connect();
      return; // written once the connection is open
    }
    entry.attempts++;
    entry.written = true;
    entry.sentAt = Date.now();
    socket.send(entry.text);
  }

  private connect(): void {
    if (this.socket || this.reconnectTimer || this.closed) return;
    const socket = new WebSocket(this.clientOptions.url, {
      handshakeTimeout: this.options.timeoutMs,
      perMessageDeflate: false,
      ...this.clientOptions.tls,
      headers: this.clientOptions.token
        ? { authorization: authorization(this.clientOptions.token)! }
        : {},
    });
    this.socket = socket;
    let lastError = 'connection closed';
    socket.on('open', () => this.onOpen());
    socket.on('message', (data) => this.onFrame(data));
    socket.on('error', (err) => (lastError = err.message));
    socket.on('close', () => this.onClose(socket, lastError));
  }

  private onOpen(): void {
    this.failedConnects = 0;
    for (const entry of this.pending.values()) {
      if (!entry.written && !entry.retryTimer) this.write(entry);
    }
    this.watchdog ??= setInterval(() => this.checkAnswers(), this.options.timeoutMs / 4);
    this.watchdog.unref();
  }

  private onFrame(data: RawData): void {
    let frame: GatewayFrame;
    try {
      frame = JSON.parse(rawText(data)) as GatewayFrame;
    } catch {
      return;
    }
    if (frame.sensor_id === undefined || frame.date === undefined) return;
    const key = keyOf(frame.sensor_id, frame.date);
    const entry = this.pending.get(key);
    if (!entry) return; // answered before, e.g. a reading written again after a drop
    if (frame.status === 'received') {
      this.finish(key, entry, { status: 'accepted', attempts: entry.attempts });
    } else if (frame.error === 'unavailable') {
      this.retryLater(key, entry, `unavailable: ${frame.message}`);
    } else {
      this.finish(key, entry, {
        status: 'rejected',
        attempts: entry.attempts,
        code: frame.error,
        message: frame.message,
        ...(frame.errors ? { errors: frame.errors } : {}),
      });
    }
  }

  private onClose(socket: WebSocket, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    if (this.closed) return;
    const delayMs = backoffDelay(++this.failedConnects, this.options.backoff);
    for (const [key, entry] of this.pending) {
      if (entry.retryTimer) continue;
      // a connection that failed before the reading could be written still counts as a try
      if (!entry.written) entry.attempts++;
      entry.written = false;
      if (entry.attempts >= this.options.maxAttempts) {
        this.finish(key, entry, abandoned(entry.attempts, `gave up: ${reason}`));
      } else {
        this.options.onRetry({
          sensorId: entry.sensorId,
          attempt: entry.attempts,
          delayMs,
          reason,
        });
      }
    }
    if (this.pending.size === 0) {
      this.failedConnects = 0;
      return; // idle: connect again with the next reading
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delayMs);
  }

  private retryLater(key: string, entry: Pending, reason: string): void {
    entry.written = false;
    if (entry.attempts >= this.options.maxAttempts) {
      this.finish(
        key,
        entry,
        abandoned(entry.attempts, `gave up after ${entry.attempts} attempts: ${reason}`),
      );
      return;
    }
    const delayMs = backoffDelay(entry.attempts, this.options.backoff);
    this.options.onRetry({ sensorId: entry.sensorId, attempt: entry.attempts, delayMs, reason });
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      this.write(entry);
    }, delayMs);
  }

  /** A reading without an answer for `timeoutMs` means a dead connection: drop it and resend. */
  private checkAnswers(): void {
    const limit = Date.now() - this.options.timeoutMs;
    for (const entry of this.pending.values()) {
      if (entry.written && entry.sentAt < limit) {
        this.socket?.terminate();
        return;
      }
    }
  }

  private finish(key: string, entry: Pending, outcome: Outcome): void {
    clearTimeout(entry.retryTimer);
    this.pending.delete(key);
    entry.settle(outcome);
  }
}

function keyOf(sensorId: string, date: string): string {
  return `${sensorId}\u0000${date}`;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as Buffer).toString('utf8');
}
