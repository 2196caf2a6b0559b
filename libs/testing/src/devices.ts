import type { ClientTls } from '@healthcare/config';
import type { GatewayFrame } from '@healthcare/contracts';
import { createSensorClient, type SensorData, type SensorServiceClient } from '@healthcare/proto';
import { connectivityState, Metadata, type ServiceError } from '@grpc/grpc-js';
import type { IncomingHttpHeaders } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import { httpRequest } from './http-request.js';

export interface RestAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
  ms: number;
}

/** The `Authorization` header of a device token, or none. */
export function bearer(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

/**
 * POSTs a reading: objects as JSON, strings as they are; with the device's token when given;
 * https:// with `tls`.
 */
export async function postTemperature(
  baseUrl: string,
  body: unknown,
  timeoutMs = 10_000,
  token?: string,
  tls?: ClientTls,
): Promise<RestAnswer> {
  const started = Date.now();
  const answer = await httpRequest(`${baseUrl}/temperature`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    tls,
    timeoutMs,
  });
  const json = answer.headers.get('content-type')?.includes('application/json');
  return {
    status: answer.status,
    headers: answer.headers,
    body: json ? (JSON.parse(answer.text) as unknown) : answer.text,
    ms: Date.now() - started,
  };
}

export interface WsConnectOptions {
  /** For wss:// URLs: the CA to trust and a client certificate. */
  tls?: ClientTls;
  /** Headers of the upgrade request (e.g. Origin, as a browser sends). */
  headers?: Record<string, string>;
  /** The device's token, sent on the upgrade request. */
  token?: string;
}

/** A heart-rate device: one WebSocket, raw JSON readings out, answer frames in. */
export class WsDevice {
  private readonly frames: string[] = [];
  private readonly waiting: ((frame: string) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: RawData) => {
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      const text = bytes.toString('utf8');
      const waiter = this.waiting.shift();
      if (waiter) waiter(text);
      else this.frames.push(text);
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Opens the socket, with the device's token on the upgrade request when given. */
  static async connect(
    url: string,
    { tls, headers, token }: WsConnectOptions = {},
  ): Promise<WsDevice> {
    const socket = new WebSocket(url, { ...tls, headers: { ...headers, ...bearer(token) } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsDevice(socket);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Strings go as text frames, Buffers as binary frames, anything else as JSON text. */
  send(reading: unknown): void {
    this.socket.send(
      typeof reading === 'string' || Buffer.isBuffer(reading) ? reading : JSON.stringify(reading),
    );
  }

  /** The next frame the gateway sends, parsed. */
  next(timeoutMs = 10_000): Promise<GatewayFrame> {
    const queued = this.frames.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued) as GatewayFrame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(onFrame), 1);
        reject(new Error(`no WebSocket frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const onFrame = (text: string) => {
        clearTimeout(timer);
        resolve(JSON.parse(text) as GatewayFrame);
      };
      this.waiting.push(onFrame);
    });
  }

  async request(reading: unknown, timeoutMs?: number): Promise<GatewayFrame> {
    this.send(reading);
    return this.next(timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}

/** What the gateway answers to a WebSocket upgrade it refuses (no socket opens). */
export interface RefusedUpgrade {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * Tries the upgrade (with the device's token, or over wss:// with `tls`); the refusal's status,
 * headers and body (parsed when JSON, else its text), or fails when a socket opened or the
 * connection failed.
 */
export function refusedUpgrade(
  url: string,
  { token, tls }: { token?: string; tls?: ClientTls } = {},
): Promise<RefusedUpgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { ...tls, headers: bearer(token) });
    socket.on('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted: a socket opened'));
    });
    socket.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const json = res.headers['content-type']?.startsWith('application/json');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: json ? (JSON.parse(text) as unknown) : text,
        });
        socket.terminate();
      });
    });
    socket.on('error', (err) => reject(err));
  });
}

/** A blood-pressure device: the generated gRPC client of sensor_data.SensorService. */
export class GrpcDevice {
  private readonly client: SensorServiceClient;
  private readonly metadata = new Metadata();

  /**
   * A client of the gateway at `address`, sending the device's token in metadata when given;
   * over TLS when given `tls` (the CA to trust, and a client certificate).
   */
  constructor(address: string, token?: string, tls?: ClientTls) {
    this.client = createSensorClient(address, undefined, tls);
    if (token !== undefined) this.metadata.set('authorization', `Bearer ${token}`);
  }

  sendPressure(reading: SensorData, timeoutMs = 10_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.client.SendPressure(
        reading,
        this.metadata,
        { deadline: Date.now() + timeoutMs },
        (err, response) => (err ? reject(err) : resolve(response)),
      );
    });
  }

  /** The error a call fails with; fails the test when the call succeeds. */
  async failure(reading: SensorData, timeoutMs?: number): Promise<ServiceError> {
    try {
      await this.sendPressure(reading, timeoutMs);
    } catch (err) {
      return err as ServiceError;
    }
    throw new Error(`SendPressure accepted ${JSON.stringify(reading)}`);
  }

  /** Its channel's state, by name: READY while connected, IDLE once the server closed it. */
  state(): string {
    return connectivityState[this.client.getChannel().getConnectivityState(false)];
  }

  close(): void {
    this.client.close();
  }
}
