import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { METRIC_PREFIX, METRICS_REGISTRY } from '@healthcare/config/metrics';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, type Registry, type RegistryContentType } from 'prom-client';
import { Database } from '../database/database.js';

const name = (suffix: string) => `${METRIC_PREFIX}api_${suffix}`;

/** The `route` label of a request that matched no route: its path is the client's, unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Why ReaderAuthGuard refused a request (the `reason` label). */
export type ReaderRefusal = 'no_token' | 'invalid_token';

/**
 * The API's metrics. Labels are route templates (`/readings/:kind`), methods, status classes and
 * refusal reasons: never a token, a patient or a sensor id.
 */
@Injectable()
export class ApiMetrics implements OnModuleInit {
  private readonly requests: Counter<'route' | 'method' | 'status_class'>;
  private readonly seconds: Histogram<'route'>;
  private readonly refusals: Counter<'reason'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry<RegistryContentType>,
    @Inject(Database) database: Database,
    @Inject(HttpAdapterHost) private readonly adapter: HttpAdapterHost,
  ) {
    const registers = [registry];
    this.requests = new Counter({
      name: name('requests_total'),
      help: 'Requests answered, by route template, method and status class (2xx, 4xx, 5xx)',
      labelNames: ['route', 'method', 'status_class'],
      registers,
    });
    this.seconds = new Histogram({
      name: name('request_duration_seconds'),
      help: 'From a request arriving to its answer sent, by route template (a live stream: until it ends)',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.refusals = new Counter({
      name: name('reader_auth_refusals_total'),
      help: 'Requests refused for their reader token: no_token, invalid_token (unknown, disabled or expired)',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of ['no_token', 'invalid_token']) this.refusals.inc({ reason }, 0);
    new Gauge({
      name: name('database_connections'),
      help: 'Connections to PostgreSQL the API holds, by state (busy, idle)',
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'busy' }, database.totalCount - database.idleCount);
        this.set({ state: 'idle' }, database.idleCount);
      },
    });
    new Gauge({
      name: name('database_waiting_queries'),
      help: 'Queries waiting for a free connection (the pool is full)',
      registers,
      collect() {
        this.set(database.waitingCount);
      },
    });
  }

  /** Every answer is counted where Fastify sends it: also those a guard or Fastify itself gave. */
  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      this.requests.inc({
        route,
        method: request.method,
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      });
      this.seconds.observe({ route }, reply.elapsedTime / 1000);
      done();
    });
  }

  readerRefused(reason: ReaderRefusal): void {
    this.refusals.inc({ reason });
  }
}
