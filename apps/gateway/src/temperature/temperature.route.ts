import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RECEIVED } from '@healthcare/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { verifiedSubject } from '../devices/client-certificate.js';
import { DeviceAuth } from '../devices/device-auth.service.js';
import { httpAnswer } from '../errors/http-answer.js';
import { ReadingRefusals } from '../metrics/reading-refusals.js';
import { identify } from '../readings/identify.js';
import { IngestService } from '../readings/ingest.service.js';
import { MAX_READING_BYTES } from '../readings/limits.js';
import { parseJson } from '../readings/parse-json.js';
import { plainReadingRequest } from './plain-request.js';

export const TEMPERATURE_ROUTE = 'temperature';

const JSON_TYPE = 'application/json; charset=utf-8';
const RECEIVED_TEXT = JSON.stringify(RECEIVED);
const RECEIVED_HEADERS = {
  'content-type': JSON_TYPE,
  'content-length': String(Buffer.byteLength(RECEIVED_TEXT)),
};
/** Nest's answer to an error it does not know (BaseExceptionFilter), for the same log and body. */
const INTERNAL_ERROR_TEXT = JSON.stringify({ statusCode: 500, message: 'Internal server error' });

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Temperature devices POST one JSON reading per request, as in the seed, with their token or
 * their client certificate. A plain request (see plainReadingRequest) is answered by the
 * node:http listener in front of Fastify's: Fastify's and Nest's per-request work (routing,
 * request hooks, the body parser, the reply pipeline) was a large share of the gateway's CPU per
 * reading. Any other request to the route goes through Fastify, whose refusals (413 past the
 * limit, 415 for a body that is not JSON, ...) and errors reach HttpErrorFilter. Both doors give
 * the same answers: httpAnswer words the errors of both.
 */
@Injectable()
export class TemperatureRoute implements OnModuleInit {
  private readonly logger = new Logger('ExceptionsHandler');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: DeviceAuth,
    private readonly ingest: IngestService,
    private readonly refusals: ReadingRefusals,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.post(`/${TEMPERATURE_ROUTE}`, (request) => this.receive(request));
    this.answerPlainRequestsFirst(adapter.getHttpServer() as Server);
  }

  /** The body arrives as text (see main.ts): malformed JSON is answered like any invalid reading. */
  private async receive(request: FastifyRequest): Promise<typeof RECEIVED> {
    const body = typeof request.body === 'string' ? request.body : '';
    await this.accept(request.headers.authorization, body, request.raw);
    return RECEIVED;
  }

  private async accept(
    authorization: string | undefined,
    body: string,
    request: IncomingMessage,
  ): Promise<void> {
    const credential = this.auth.authenticate(
      authorization,
      'temperature',
      verifiedSubject(request.socket),
    );
    await this.ingest.accept('temperature', parseJson(body), credential);
  }

  /**
   * Puts a listener of its own in front of Fastify's on the server's 'request' event. Fastify
   * listens with one handler, added when it made the server; throws rather than serve the route
   * twice or not at all when that is no longer so.
   */
  private answerPlainRequestsFirst(server: Server): void {
    const listeners = server.listeners('request') as RequestListener[];
    if (listeners.length !== 1) {
      throw new Error(
        `the HTTP server has ${listeners.length} 'request' listeners; Fastify's alone was expected`,
      );
    }
    const [fastify] = listeners;
    server.removeListener('request', fastify);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (plainReadingRequest(request, `/${TEMPERATURE_ROUTE}`, MAX_READING_BYTES)) {
        this.receivePlain(request, response);
      } else {
        fastify(request, response);
      }
    });
  }

  private receivePlain(request: IncomingMessage, response: ServerResponse): void {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      this.accept(request.headers.authorization, body, request).then(
        () => response.writeHead(200, RECEIVED_HEADERS).end(RECEIVED_TEXT),
        (err: unknown) => this.refuse(response, err, body),
      );
    });
  }

  /** As HttpErrorFilter answers a refusal on the Fastify route. */
  private refuse(response: ServerResponse, err: unknown, body: string): void {
    const answer = httpAnswer(err);
    if (!answer) {
      this.logger.error(err instanceof Error ? err.message : String(err), (err as Error).stack);
      send(response, 500, INTERNAL_ERROR_TEXT);
      return;
    }
    this.refusals.refused('temperature', err, identify(body).sensor_id);
    send(response, answer.status, JSON.stringify(answer.frame), answer.headers);
  }
}

function send(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
