import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MetricsController } from '@healthcare/config/metrics';
import { bearerToken } from '@healthcare/credentials';
import { UnauthenticatedError } from '../errors/api-errors.js';
import { PUBLIC_ROUTE, type ReaderRequest } from './reader.js';
import { ApiMetrics } from '../metrics/api-metrics.js';
import { ReadersRepository } from './readers.repository.js';

/**
 * Every route but those marked @Public() needs `Authorization: Bearer <reader token>`. GET /metrics
 * is the operator's, not a reader's: it checks METRICS_TOKEN itself (the shared MetricsController).
 */
@Injectable()
export class ReaderAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ReadersRepository) private readonly readers: ReadersRepository,
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic || context.getClass() === MetricsController) return true;
    const request = context.switchToHttp().getRequest<ReaderRequest>();
    const header = request.headers.authorization;
    const token = bearerToken(header);
    if (!token) {
      this.metrics.readerRefused(header === undefined ? 'no_token' : 'invalid_token');
      throw new UnauthenticatedError(header !== undefined);
    }
    const reader = await this.readers.byToken(token, new Date());
    if (!reader) {
      this.metrics.readerRefused('invalid_token');
      throw new UnauthenticatedError(true);
    }
    request.reader = reader;
    return true;
  }
}
