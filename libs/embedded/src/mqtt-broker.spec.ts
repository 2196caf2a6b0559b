import mqtt from 'mqtt';
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
});
