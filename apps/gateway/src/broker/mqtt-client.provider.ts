import { ClientMqtt } from '@nestjs/microservices';
import { mqttLogin } from '@healthcare/config';
import { randomBytes } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config.js';

export const MQTT_CLIENT = Symbol('MQTT_CLIENT');

export const mqttClientProvider = {
  provide: MQTT_CLIENT,
  inject: [GatewayConfig],
  useFactory: (config: GatewayConfig) =>
    new ClientMqtt({
      url: config.MQTT_URL,
      ...mqttLogin(config),
      clientId: `gateway-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // outgoing readings wait in memory only as long as PUBLISH_TIMEOUT_MS; never queue them offline
      queueQoSZero: false,
      // mqtt.js logs every packet through `debug` unless given a logger, a cost on every packet;
      // Nest passes its options through to mqtt.connect but does not declare this one
      ...({ log: () => undefined } as object),
    }),
};
