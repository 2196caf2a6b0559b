import {
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Logger,
  Req,
  Res,
  UnauthorizedException,
  type OnModuleInit,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenMetricsContentType, Registry } from 'prom-client';
import { metricsAccess } from './metrics-access.js';
import { METRICS_REGISTRY, METRICS_TOKEN } from './metrics.tokens.js';

/** GET /metrics: the app's registry in the OpenMetrics text format, for the operator only. */
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry<OpenMetricsContentType>,
    @Inject(METRICS_TOKEN) private readonly token: string,
  ) {}

  onModuleInit(): void {
    if (this.token !== '') return;
    new Logger('Metrics').log(
      'METRICS_TOKEN is not set: GET /metrics answers only clients on this machine (loopback)',
    );
  }

  @Get()
  async get(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    switch (
      metricsAccess(this.token, request.headers.authorization, request.socket.remoteAddress)
    ) {
      case 'unauthorized':
        void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
      case 'forbidden':
        throw new ForbiddenException(
          'without METRICS_TOKEN, /metrics is served only to clients on this machine',
        );
      case 'allowed':
        void reply.header('Content-Type', this.registry.contentType);
        return this.registry.metrics();
    }
  }
}
