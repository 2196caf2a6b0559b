import { generatedBrokerSettings } from '@healthcare/config';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { EmbeddedMqttBroker } from './mqtt-broker.js';
import { freePort } from './ports.js';

describe('EmbeddedMqttBroker', () => {
  it('delivers QoS 1 messages to an MQTT 3.1.1 subscriber and stops cleanly', async () => {
    const broker = await EmbeddedMqttBroker.start(await freePort());
    const subscriber = await mqtt.connectAsync(broker.url);
    await subscriber.subscribeAsync('temperature', { qos: 1 });
    const received = new Promise<string>((resolve) =>
      subscriber.once('message', (_topic, payload) => resolve(payload.toString())),
    );
    const publisher = await mqtt.connectAsync(broker.url);
    await publisher.publishAsync('temperature', '{"value":36.6}', { qos: 1 });
    await expect(received).resolves.toBe('{"value":36.6}');
    await broker.stop();
    await Promise.all([subscriber.endAsync(true), publisher.endAsync(true)]);
  });

  it('refuses MQTT 5 clients (the subscriber falls back to 3.1.1)', async () => {
    const broker = await EmbeddedMqttBroker.start(await freePort());
    await expect(
      mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 }),
    ).rejects.toThrow(/protocol version/i);
    await broker.stop();
  });

  describe("with the logins of pnpm start (the rules of compose's Mosquitto)", () => {
    const access = generatedBrokerSettings({
      MQTT_DEVICE_USERS: 'Temp_042:temperature:device-password-0123456789',
    });
    const logins = {
      gateway: { username: access.MQTT_GATEWAY_USERNAME, password: access.MQTT_GATEWAY_PASSWORD },
      subscriber: {
        username: access.MQTT_SUBSCRIBER_USERNAME,
        password: access.MQTT_SUBSCRIBER_PASSWORD,
      },
      device: { username: 'Temp_042', password: 'device-password-0123456789' },
    };
    let broker: EmbeddedMqttBroker;
    const clients: MqttClient[] = [];

    beforeEach(async () => {
      broker = await EmbeddedMqttBroker.start(await freePort(), '127.0.0.1', access);
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
      await broker.stop();
    });

    async function connect(options: IClientOptions): Promise<MqttClient> {
      const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, ...options });
      clients.push(client);
      return client;
    }

    it("refuses a client without a login, with a wrong password, or with another login's client id", async () => {
      await expect(connect({})).rejects.toThrow(/Bad username or password/);
      await expect(
        connect({ username: logins.gateway.username, password: 'not-the-password' }),
      ).rejects.toThrow(/Bad username or password/);
      await expect(
        connect({ ...logins.device, clientId: access.MQTT_SUBSCRIBER_USERNAME }),
      ).rejects.toThrow(/Identifier rejected/);
      await expect(
        connect({ ...logins.subscriber, clientId: access.MQTT_SUBSCRIBER_USERNAME }),
      ).resolves.toBeDefined();
    });

    it('lets the subscriber read the reading topics and nobody else read anything', async () => {
      const subscriber = await connect(logins.subscriber);
      expect(
        await granted(subscriber, ['temperature', 'temperature/+', '#', '$SYS/broker/uptime']),
      ).toEqual([1, 1, 128, 1]);
      const gateway = await connect(logins.gateway);
      expect(await granted(gateway, ['#', 'temperature'])).toEqual([128, 128]);
    });

    it('lets each login publish only its own topics: anything else closes its connection', async () => {
      const subscriber = await connect(logins.subscriber);
      await subscriber.subscribeAsync(['temperature', 'pressure', 'temperature/+'], { qos: 1 });
      const received: string[] = [];
      subscriber.on('message', (topic, payload) => received.push(`${topic} ${payload.toString()}`));

      // the subscriber's alert changes and acknowledgements
      await subscriber.publishAsync('alerts', '{}', { qos: 1 });
      const gateway = await connect(logins.gateway);
      await gateway.publishAsync('temperature', 'from the gateway', { qos: 1 });
      const device = await connect(logins.device);
      await device.publishAsync('temperature/Temp_042', 'from the device', { qos: 1 });
      await expect(
        waitClosed(device, () => device.publish('pressure', 'forged', { qos: 1 })),
      ).resolves.toBe(true);
      // bound to its sensor_id: neither another device's topic nor the gateway's
      for (const topic of ['temperature/Temp_043', 'temperature']) {
        const again = await connect(logins.device);
        await expect(
          waitClosed(again, () => again.publish(topic, 'forged', { qos: 1 })),
        ).resolves.toBe(true);
      }
      const listener = await connect(logins.subscriber);
      await expect(
        waitClosed(listener, () => listener.publish('temperature', 'forged', { qos: 1 })),
      ).resolves.toBe(true);
      await gateway.publishAsync('temperature', 'marker', { qos: 1 });
      await waitUntil(() => received.includes('temperature marker'));
      expect(received).toEqual([
        'temperature from the gateway',
        'temperature/Temp_042 from the device',
        'temperature marker',
      ]);
    });
  });
});

/** The SUBACK's codes (mqtt.js refuses the whole subscribe when one is 128). */
function granted(client: MqttClient, topics: string[]): Promise<number[]> {
  return new Promise((resolve) => {
    const onPacket = (packet: { cmd: string; granted?: unknown }) => {
      if (packet.cmd !== 'suback') return;
      client.off('packetreceive', onPacket);
      resolve(packet.granted as number[]);
    };
    client.on('packetreceive', onPacket);
    client.subscribe(topics, { qos: 1 }, () => undefined);
  });
}

/** Runs `act` and resolves true once the broker has closed the client's connection. */
function waitClosed(client: MqttClient, act: () => void): Promise<boolean> {
  return new Promise((resolve) => {
    client.once('close', () => resolve(true));
    act();
  });
}

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}
