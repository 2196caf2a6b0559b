import type { ReadingKind } from '@healthcare/contracts';
import {
  GrpcDevice,
  Mosquitto,
  MqttCollector,
  postTemperature,
  TestGateway,
  TestPostgres,
  TestRegistry,
  WsDevice,
} from '@healthcare/testing';
import { reading, sensorOf } from './support.js';

/**
 * A gateway that authenticates devices against the registry of a PostgreSQL of the file's own
 * (on a free port, so a test may stop it), publishing to a Mosquitto of its own on which a
 * plain subscriber on `#` records everything published.
 */
export class World {
  private constructor(
    readonly broker: Mosquitto,
    readonly collector: MqttCollector,
    readonly postgres: TestPostgres,
    readonly registry: TestRegistry,
    readonly gateway: TestGateway,
    /** The token of each device registered at the start, by id. */
    readonly tokens: Tokens,
  ) {}

  static async start(
    devices: [string, ReadingKind][],
    gatewayEnv: Record<string, string> = {},
  ): Promise<World> {
    const [broker, postgres] = await Promise.all([Mosquitto.start(), TestPostgres.start()]);
    const collector = await MqttCollector.start(broker.url, ['#']);
    const registry = await TestRegistry.open(postgres.url('healthcare'));
    const tokens: Tokens = {};
    for (const [id, kind] of devices) tokens[id] = await registry.add(id, kind);
    const gateway = await TestGateway.start(broker.url, {
      auth: { databaseUrl: registry.databaseUrl },
      env: gatewayEnv,
    });
    return new World(broker, collector, postgres, registry, gateway, tokens);
  }

  /** sensor_id of every reading published since the last clear. */
  published(): unknown[] {
    return this.collector.messages.map(sensorOf);
  }

  /**
   * Sends a good reading of the device over its protocol and waits until it is published; since
   * one connection publishes in order, whatever was refused before it would have arrived first.
   */
  async sentinel(kind: ReadingKind, id: string, token: string): Promise<void> {
    const sent = reading(kind, id);
    await this.accepted(kind, sent, token);
    await this.collector.waitForReading(sent);
  }

  /** Sends the reading over the protocol of its kind and expects it taken. */
  async accepted(kind: ReadingKind, sent: Record<string, unknown>, token: string): Promise<void> {
    switch (kind) {
      case 'temperature': {
        const answer = await postTemperature(this.gateway.httpUrl, sent, 10_000, token);
        if (answer.status !== 200)
          throw new Error(`REST answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        return;
      }
      case 'heartRate': {
        const device = await WsDevice.connect(this.gateway.wsUrl, { token });
        try {
          const frame = await device.request(sent);
          if (frame.status !== 'received')
            throw new Error(`WebSocket answered ${JSON.stringify(frame)}`);
        } finally {
          device.close();
        }
        return;
      }
      case 'pressure': {
        const device = new GrpcDevice(this.gateway.grpcAddress, token);
        try {
          await device.sendPressure(sent);
        } finally {
          device.close();
        }
      }
    }
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await this.collector?.close();
    await this.registry?.close();
    await Promise.all([this.broker?.dispose(), this.postgres?.dispose()]);
  }
}

export type Tokens = Record<string, string>;
