import { loadConfig } from '@healthcare/config';
import { InProcessBroker } from '@healthcare/testing';
import type { MqttClient } from 'mqtt';
import { dirname, join } from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { GatewayConfig } from '../config/gateway.config.js';
import { mqttClientProvider, type GatewayMqttClient } from './mqtt-client.provider.js';

describe("the gateway's MQTT client", () => {
  let broker: InProcessBroker;

  beforeEach(async () => {
    broker = await InProcessBroker.start();
  });

  afterEach(() => broker.stop());

  function clientWith(env: Record<string, string>): GatewayMqttClient {
    return mqttClientProvider.useFactory(
      loadConfig(GatewayConfig, { MQTT_URL: broker.url, ...env }),
    );
  }

  /** Connects as the app does: the first attempt may be refused and is retried by the client. */
  async function connect(client: GatewayMqttClient): Promise<void> {
    const connected = firstValueFrom(client.status.pipe(filter((s) => String(s) === 'connected')));
    client.connect().catch(() => undefined);
    await connected;
  }

  async function loginWith(env: Record<string, string>) {
    const logins = broker.recordLogins();
    const client = clientWith(env);
    await connect(client);
    await client.close();
    return logins;
  }

  it('logs in with MQTT_USERNAME and MQTT_PASSWORD', async () => {
    await expect(loginWith({ MQTT_USERNAME: 'gateway', MQTT_PASSWORD: 's3cret' })).resolves.toEqual(
      [{ username: 'gateway', password: 's3cret' }],
    );
  });

  it('sends no login when they are not set', async () => {
    await expect(loginWith({})).resolves.toEqual([{ username: undefined, password: undefined }]);
  });

  it("leaves mqtt-packet's table of a buffer per message id ungenerated", async () => {
    const client = clientWith({});
    await connect(client);
    await client.close();
    const mqttDir = dirname(require.resolve('mqtt/package.json'));
    const packetDir = dirname(require.resolve('mqtt-packet/package.json', { paths: [mqttDir] }));
    const numbers = (await import(join(packetDir, 'numbers.js'))) as { cache: object };
    expect(Object.keys(numbers.cache)).toHaveLength(0);
  });

  it('leaves its keepalive timer alone when a PUBACK comes', async () => {
    const client = clientWith({});
    await connect(client);
    try {
      const mqtt = client.unwrap<MqttClient>();
      const keepalive = (mqtt as unknown as { keepaliveManager: { reschedule(): void } })
        .keepaliveManager;
      const reschedule = jest.spyOn(keepalive, 'reschedule');
      for (let i = 0; i < 5; i++) await mqtt.publishAsync('readings/test', 'x', { qos: 1 });
      expect(reschedule).not.toHaveBeenCalled();
    } finally {
      await client.close();
    }
  });

  it('falls back to MQTT 3.1.1 on a broker that refuses MQTT 5 (aedes), saying so once, calmly', async () => {
    const client = clientWith({});
    const logger = client['logger'];
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const log = jest.spyOn(logger, 'log').mockImplementation(() => undefined);
    try {
      await connect(client);

      expect(client.unwrap<MqttClient>().options.protocolVersion).toBe(4);
      expect(client.speaksMqtt311).toBe(true);
      expect(log.mock.calls.map(([line]) => line as string)).toEqual([
        `the MQTT broker at ${broker.url} does not speak MQTT 5; using MQTT 3.1.1, where its ` +
          'PUBACK cannot say that no subscriber took a reading',
      ]);
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      await client.close();
    }
  });
});
