import type { ClientTls } from '@healthcare/config';
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Answer, LoadClient } from './load-client.js';
import type { ReadingSource } from './readings.js';

interface Queued {
  text: string;
  answer: Answer;
}

/**
 * POSTs readings over keep-alive HTTP/1.1 connections (over TLS when given `tls`), one request at
 * a time per connection, written and parsed by hand: node's http client would cost the machine as
 * much as the server.
 */
export class HttpLoadClient implements LoadClient {
  private readonly idle: HttpConnection[] = [];
  private readonly waiting: Queued[] = [];

  private constructor(
    private readonly connections: HttpConnection[],
    private readonly source: ReadingSource,
    private readonly head: string,
  ) {
    this.idle.push(...connections);
  }

  static async connect(
    port: number,
    path: string,
    connections: number,
    source: ReadingSource,
    tls?: ClientTls,
  ): Promise<HttpLoadClient> {
    const opened = await Promise.all(
      Array.from({ length: connections }, () => HttpConnection.open(port, tls)),
    );
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n`;
    return new HttpLoadClient(opened, source, head);
  }

  /** The reading is taken (and dated) now, even when it has to wait for a free connection. */
  send(answer: Answer): void {
    const body = this.source.json();
    const authorization = this.source.authorization();
    const head = authorization ? `${this.head}Authorization: ${authorization}\r\n` : this.head;
    const request = { text: `${head}Content-Length: ${body.length}\r\n\r\n${body}`, answer };
    const connection = this.idle.pop();
    if (connection) this.request(connection, request);
    else this.waiting.push(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }

  private request(connection: HttpConnection, { text, answer }: Queued): void {
    connection.request(text, (error) => {
      const next = this.waiting.shift();
      if (next) this.request(connection, next);
      else this.idle.push(connection);
      answer(error);
    });
  }
}

/** One keep-alive connection (TLS with `tls`); reconnects after the server closes it. */
export class HttpConnection {
  private socket: Socket;
  private buffer = '';
  private pending?: Answer;
  private closing = false;

  private constructor(
    private readonly port: number,
    private readonly tls?: ClientTls,
  ) {
    this.socket = this.open();
  }

  static open(port: number, tls?: ClientTls): Promise<HttpConnection> {
    const connection = new HttpConnection(port, tls);
    return new Promise((resolve, reject) => {
      // over TLS a connection is usable once the handshake has checked the server's certificate
      connection.socket.once(tls ? 'secureConnect' : 'connect', () => resolve(connection));
      connection.socket.once('error', reject);
    });
  }

  request(text: string, answer: Answer): void {
    this.pending = answer;
    if (this.socket.destroyed) this.socket = this.open();
    this.socket.write(text);
  }

  close(): Promise<void> {
    this.closing = true;
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  private open(): Socket {
    const target = { port: this.port, host: '127.0.0.1' };
    const socket = this.tls ? connectTls({ ...target, ...this.tls }) : connect(target);
    // small requests: Nagle's algorithm would hold them back
    socket.setNoDelay(true);
    // latin1 maps bytes to characters one to one, so Content-Length counts characters
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.buffer = '';
      this.answer(this.closing ? 'closed' : 'connection closed by the server');
    });
    return socket;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const response = parseResponse(this.buffer);
      if (!response) return;
      this.buffer = this.buffer.slice(response.length);
      this.answer(response.status === 200 ? undefined : `HTTP ${response.status}`);
    }
  }

  private answer(error?: string): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(error);
  }
}

/** The status and length of the first complete response in `text`, if there is one. */
export function parseResponse(text: string): { status: number; length: number } | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = text.slice(0, headEnd);
  const status = Number(head.slice(9, 12));
  const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!match) {
    if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const end = text.indexOf('\r\n0\r\n\r\n', headEnd);
      return end < 0 ? undefined : { status, length: end + 7 };
    }
    return { status, length: headEnd + 4 };
  }
  const length = headEnd + 4 + Number(match[1]);
  return text.length < length ? undefined : { status, length };
}
