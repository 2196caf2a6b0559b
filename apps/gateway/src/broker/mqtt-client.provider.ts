import { ClientMqtt, MqttRecord, type Serializer } from '@nestjs/microservices';
import { randomBytes } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config.js';

export const MQTT_CLIENT = Symbol('MQTT_CLIENT');

/** Nest wraps payloads in {pattern, data}; readings go on the wire as plain JSON any client can read. */
class PlainJsonSerializer implements Serializer {
  serialize(packet: { data: unknown }): string {
    const data = packet.data instanceof MqttRecord ? (packet.data.data as unknown) : packet.data;
    return JSON.stringify(data);
  }
}

export const mqttClientProvider = {
  provide: MQTT_CLIENT,
  inject: [GatewayConfig],
  useFactory: (config: GatewayConfig) =>
    new ClientMqtt({
      url: config.MQTT_URL,
      clientId: `gateway-${randomBytes(4).toString('hex')}`,
      serializer: new PlainJsonSerializer(),
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // outgoing readings wait in memory only as long as PUBLISH_TIMEOUT_MS; never queue them offline
      queueQoSZero: false,
    }),
};
