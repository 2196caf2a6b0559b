import type { ClientTls } from '@healthcare/config';
import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** For https:// URLs: the CA to trust and a client certificate (fetch cannot take them). */
  tls?: ClientTls;
  timeoutMs?: number;
}

/** One request on a connection of its own (no keep-alive), http:// or https://. */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpAnswer> {
  const { method = 'GET', headers = {}, body, tls, timeoutMs = 10_000 } = options;
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(target, { method, headers, agent: false, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of [value ?? []].flat()) answerHeaders.append(name, one);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: answerHeaders,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A server-sent event stream being read: its status, and the data of each event so far. */
export interface EventStream {
  status: number;
  readonly events: string[];
  close(): void;
}

/**
 * Opens a server-sent event stream (GET, its own connection) and resolves once its headers are
 * in; the events then arrive in `events` until close(). For https:// URLs, `tls` as httpRequest's.
 */
export function openEventStream(
  url: string,
  headers: Record<string, string>,
  tls?: ClientTls,
  timeoutMs = 10_000,
): Promise<EventStream> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(target, { headers, agent: false, ...tls }, (res) => {
      clearTimeout(timer);
      const events: string[] = [];
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
          const data = pending
            .slice(0, end)
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice('data:'.length).trimStart())
            .join('\n');
          pending = pending.slice(end + 2);
          if (data !== '') events.push(data);
        }
      });
      res.on('error', () => undefined);
      resolve({ status: res.statusCode ?? 0, events, close: () => req.destroy() });
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}
