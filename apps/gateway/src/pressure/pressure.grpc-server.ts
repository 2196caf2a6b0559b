import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { tlsEnabled } from '@healthcare/config';
import { sensorServiceDefinition } from '@healthcare/proto';
import { GatewayConfig } from '../config/gateway.config.js';
import { capGrpcConnections, grpcServerOptions } from '../connections/grpc-limits.js';
import { grpcCredentials, refuseUnverifiedGrpcClients } from '../connections/tls-options.js';
import { PressureGrpcHandler } from './pressure.grpc-handler.js';

/**
 * The gRPC port: a grpc-js server with the GRPC_* limits and, with TLS_CERT_FILE, TLS; bound at
 * start, before the HTTP port listens. On shutdown it takes no new call and ends once the calls
 * in flight are answered (the readings they wait for were let through by ReadingPublisher first).
 */
@Injectable()
export class PressureGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    private readonly config: GatewayConfig,
    private readonly handler: PressureGrpcHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this;
    const server = new Server(grpcServerOptions(config));
    server.addService(sensorServiceDefinition(), { SendPressure: this.handler.sendPressure });
    const credentials = grpcCredentials(config) ?? ServerCredentials.createInsecure();
    await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${config.HOST}:${config.GRPC_PORT}`, credentials, (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
    this.server = server;
    capGrpcConnections(server, config.GRPC_MAX_CONNECTIONS);
    // as on the HTTP port: a client certificate is asked for only with TLS_CLIENT_CA_FILE
    if (tlsEnabled(config) && config.TLS_CLIENT_CA_FILE !== '') refuseUnverifiedGrpcClients(server);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  }
}
