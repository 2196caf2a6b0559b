import { addReader } from '@healthcare/database';
import type { ManagedProcess } from '@healthcare/embedded/managed-process';
import pg from 'pg';
import { startTestApp } from './app-process.js';
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
  ) {}

  /** `env` needs DATABASE_URL (a database the subscriber's migrations have made). */
  static async start(env: Record<string, string>): Promise<TestApi> {
    const port = await freePort();
    const app = startTestApp('api', { ...env, API_PORT: String(port), HOST: '127.0.0.1' });
    await app.waitForOutput(/api ready/, 30_000);
    return new TestApi(app, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
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
    const res = await fetch(path.startsWith('http') ? path : `${this.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const json = /json/.test(res.headers.get('content-type') ?? '');
    return {
      status: res.status,
      headers: res.headers,
      body: (json ? JSON.parse(text) : text) as T,
    };
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
