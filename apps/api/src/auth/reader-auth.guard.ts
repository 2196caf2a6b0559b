import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken } from '@healthcare/credentials';
import { UnauthenticatedError } from '../errors/api-errors.js';
import { PUBLIC_ROUTE, type ReaderRequest } from './reader.js';
import { ReadersRepository } from './readers.repository.js';

/** Every route but those marked @Public() needs `Authorization: Bearer <reader token>`. */
@Injectable()
export class ReaderAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ReadersRepository) private readonly readers: ReadersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<ReaderRequest>();
    const header = request.headers.authorization;
    const token = bearerToken(header);
    if (!token) throw new UnauthenticatedError(header !== undefined);
    const reader = await this.readers.byToken(token, new Date());
    if (!reader) throw new UnauthenticatedError(true);
    request.reader = reader;
    return true;
  }
}
