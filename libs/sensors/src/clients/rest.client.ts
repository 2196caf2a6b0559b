import type { ErrorFrame, Reading } from '@healthcare/contracts';
import * as http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import * as https from 'node:https';
import {
  authorization,
  resolveOptions,
  type ClientOptions,
  type ResolvedClientOptions,
} from '../client-options.js';
import type { Outcome, SensorClient } from '../outcome.js';
import { shutdownController, withRetry, type AttemptResult } from '../retry.js';

export interface RestClientOptions extends ClientOptions {
  /** The gateway's HTTP address, e.g. http://localhost:5000 */
  baseUrl: string;
  /** Concurrent requests (and kept-alive connections) at most. */
  maxSockets?: number;
}

/** HTTP statuses worth another try: the gateway or its broker is away or overloaded. */
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Temperature readings: POST /temperature, one JSON reading per request, on kept-alive connections. */
export class RestSensorClient implements SensorClient<'temperature'> {
  readonly kind = 'temperature';
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly options: ResolvedClientOptions;
  private readonly closing = shutdownController();
  private readonly authorization?: string;

  constructor(options: RestClientOptions) {
    this.authorization = authorization(options.token);
    this.url = new URL('/temperature', options.baseUrl);
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
    const secure = this.url.protocol === 'https:';
    this.agent = secure
      ? new https.Agent({ ...agentOptions, ...options.tls })
      : new http.Agent(agentOptions);
    this.request = secure ? https.request : http.request;
    this.options = resolveOptions(options);
  }

  send(reading: Reading<'temperature'>): Promise<Outcome> {
    const body = JSON.stringify(reading);
    return withRetry(reading.sensor_id, () => this.post(body), this.options, this.closing.signal);
  }

  close(): Promise<void> {
    this.closing.abort();
    this.agent.destroy();
    return Promise.resolve();
  }

  private post(body: string): Promise<AttemptResult> {
    return new Promise((resolve) => {
      const req = this.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          signal: this.closing.signal,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(this.authorization && { authorization: this.authorization }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => resolve({ kind: 'transient', reason: err.message }));
          res.on('end', () =>
            resolve(interpret(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString())),
          );
        },
      );
      req.setTimeout(this.options.timeoutMs, () =>
        req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)),
      );
      req.on('error', (err) => resolve({ kind: 'transient', reason: err.message }));
      req.end(body);
    });
  }
}

function interpret(status: number, headers: IncomingHttpHeaders, text: string): AttemptResult {
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  const frame = parseErrorFrame(text);
  const message = frame?.message ?? text.slice(0, 200);
  if (TRANSIENT_STATUSES.has(status)) {
    return {
      kind: 'transient',
      reason: `HTTP ${status}: ${message}`,
      retryAfterMs: retryAfterMs(headers['retry-after']),
    };
  }
  return {
    kind: 'rejected',
    code: frame?.error ?? `HTTP ${status}`,
    message,
    ...(frame?.errors ? { errors: frame.errors } : {}),
  };
}

function parseErrorFrame(text: string): Partial<ErrorFrame> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds (the gateway's form); an HTTP date is ignored. */
function retryAfterMs(header: string | undefined): number | undefined {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
