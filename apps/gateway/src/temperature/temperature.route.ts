import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RECEIVED } from '@healthcare/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifiedSubject } from '../devices/client-certificate.js';
import { DeviceAuth } from '../devices/device-auth.service.js';
import { IngestService } from '../readings/ingest.service.js';
import { parseJson } from '../readings/parse-json.js';

export const TEMPERATURE_ROUTE = 'temperature';

/**
 * Temperature devices POST one JSON reading per request, as in the seed, with their token or
 * their client certificate. The route is Fastify's own rather than a Nest controller's, whose
 * per-request pipeline (parameter extraction, an execution context, the response controller) was
 * a large share of the gateway's CPU per reading; its errors still reach HttpErrorFilter, through
 * the error handler Nest gives Fastify, as the body parser's 413 and 415 do.
 */
@Injectable()
export class TemperatureRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: DeviceAuth,
    private readonly ingest: IngestService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.post(`/${TEMPERATURE_ROUTE}`, (request) => this.receive(request));
  }

  /** The body arrives as text (see main.ts): malformed JSON is answered like any invalid reading. */
  private async receive(request: FastifyRequest): Promise<typeof RECEIVED> {
    const credential = this.auth.authenticate(
      request.headers.authorization,
      'temperature',
      verifiedSubject(request.raw.socket),
    );
    const body = typeof request.body === 'string' ? request.body : '';
    await this.ingest.accept('temperature', parseJson(body), credential);
    return RECEIVED;
  }
}
