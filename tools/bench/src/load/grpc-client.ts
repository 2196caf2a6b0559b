import { Metadata, status as Status } from '@grpc/grpc-js';
import {
  createSensorClient,
  type GrpcClientTls,
  type SensorServiceClient,
} from '@healthcare/proto';
import type { Answer, LoadClient } from './load-client.js';
import type { ReadingSource } from './readings.js';

/** Unary SendPressure calls over a few channels (each its own HTTP/2 connection, TLS with `tls`). */
export class GrpcLoadClient implements LoadClient {
  private next = 0;
  /** Per device, its token in metadata, made once (none without tokens). */
  private readonly metadata: Metadata[];

  private constructor(
    private readonly clients: SensorServiceClient[],
    private readonly source: ReadingSource,
  ) {
    this.metadata = source.ids.map((_, device) => {
      const metadata = new Metadata();
      const authorization = source.authorization(device);
      if (authorization) metadata.set('authorization', authorization);
      return metadata;
    });
  }

  static async connect(
    address: string,
    channels: number,
    source: ReadingSource,
    tls?: GrpcClientTls,
  ): Promise<GrpcLoadClient> {
    const options = {
      // a local subchannel pool keeps channels to one address from sharing one connection
      'grpc.use_local_subchannel_pool': 1,
      // TLS names the server by a host name (SNI may not be an IP address): the certificate's localhost
      ...(tls && { 'grpc.ssl_target_name_override': 'localhost' }),
    };
    const clients = Array.from({ length: channels }, () =>
      createSensorClient(address, options, tls),
    );
    await Promise.all(
      clients.map(
        (client) =>
          new Promise<void>((resolve, reject) =>
            client.waitForReady(Date.now() + 10_000, (err) => (err ? reject(err) : resolve())),
          ),
      ),
    );
    return new GrpcLoadClient(clients, source);
  }

  send(answer: Answer): void {
    const client = this.clients[this.next];
    this.next = (this.next + 1) % this.clients.length;
    const reading = this.source.proto();
    const metadata = this.metadata[this.source.lastDevice];
    client.SendPressure(reading, metadata, {}, (err) =>
      answer(err ? `gRPC ${Status[err.code] ?? err.code}` : undefined),
    );
  }

  close(): Promise<void> {
    for (const client of this.clients) client.close();
    return Promise.resolve();
  }
}
