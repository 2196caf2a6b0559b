import type { ClientTls } from '@healthcare/config';
import { addReader } from '@healthcare/database';
import type { ManagedProcess } from '@healthcare/embedded/managed-process';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startTestApp, APP_READY_TIMEOUT_MS } from './app-process.js';
import { httpRequest, openEventStream, type EventStream } from './http-request.js';
import { scrapeMetrics, type MetricsScrape } from './metrics.js';
import { freePort } from './ports.js';

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON (also application/fhir+json), else the text. */
  body: T;
}

/** The built read API (apps/api/dist) as its own process on 127.0.0.1, ready to answer. */
export class TestApi {
  private constructor(
    readonly app: ManagedProcess,
    readonly port: number,
    /** What its clients are given for TLS; undefined for a plain API. */
    readonly tls?: ClientTls,
    /** The operator's token for GET /metrics. */
    readonly metricsToken = '',
  ) {}

  /**
   * `env` needs DATABASE_URL (a database the subscriber's migrations have made); with
   * TLS_CERT_FILE in it, `tls` gives its clients the CA of that certificate. METRICS_TOKEN
   * defaults to a new one, which metrics() sends.
   */
  static async start(env: Record<string, string>, tls?: ClientTls): Promise<TestApi> {
    if (Boolean(env.TLS_CERT_FILE) !== Boolean(tls)) {
      throw new Error(
        'an API with TLS_CERT_FILE needs `tls` (its CA) for its clients, and only it',
      );
    }
    const port = await freePort();
    const own = {
      METRICS_TOKEN: randomBytes(16).toString('hex'),
      ...env,
      API_PORT: String(port),
      HOST: '127.0.0.1',
    };
    const app = startTestApp('api', own);
    await app.waitForOutput(/api ready/, APP_READY_TIMEOUT_MS);
    return new TestApi(app, port, tls, own.METRICS_TOKEN);
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** GET `path` (or a full URL the API gave), with the token when given. */
  get<T = unknown>(path: string, token?: string): Promise<ApiAnswer<T>> {
    return this.request<T>('GET', path, token);
  }

  post<T = unknown>(path: string, body: unknown, token?: string): Promise<ApiAnswer<T>> {
    return this.request<T>('POST', path, token, body);
  }

  async request<T>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await httpRequest(path.startsWith('http') ? path : `${this.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      tls: this.tls,
      timeoutMs: 30_000,
    });
    const json = /json/.test(res.headers.get('content-type') ?? '');
    return {
      status: res.status,
      headers: res.headers,
      body: (json ? JSON.parse(res.text) : res.text) as T,
    };
  }

  /**
   * Opens GET `path` (a server-sent event stream, such as /live) with the token and resolves
   * with its status once the headers are in; `events` then collects each `data:` line as sent.
   */
  openStream(path: string, token: string): Promise<EventStream> {
    return openEventStream(`${this.url}${path}`, { authorization: `Bearer ${token}` }, this.tls);
  }

  /** GET /metrics with the operator's token; fails on any answer but 200. */
  metrics(): Promise<MetricsScrape> {
    if (this.tls) throw new Error('metrics() reads a plain API only');
    return scrapeMetrics(`${this.url}/metrics`, this.metricsToken);
  }

  stop(): Promise<number | null> {
    return this.app.stop('SIGTERM', 10_000);
  }
}

/** A reader of every patient (or of `patient`) on the database, and its token. */
export async function readerToken(
  databaseUrl: string,
  name: string,
  patient: string | null = null,
): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await addReader(client, name, patient);
  } finally {
    await client.end();
  }
}
