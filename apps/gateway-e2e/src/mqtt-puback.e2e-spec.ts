import { MAX_MESSAGE_BYTES } from '@healthcare/contracts';
import { Mosquitto, MqttCollector, waitFor } from '@healthcare/testing';
import mqtt, { type MqttClient, type Packet } from 'mqtt';

/**
 * What ReadingPublisher relies on in mqtt.js (pinned at 5.16) and Mosquitto 2.0, against the real
 * broker: an upgrade that changes any of it must fail here, not lose readings quietly.
 */
describe('mqtt.js and Mosquitto, as the gateway relies on them', () => {
  let broker: Mosquitto;
  let client: MqttClient;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    client = await mqtt.connectAsync(broker.url, {
      protocolVersion: 5,
      reconnectPeriod: 200,
      log: () => undefined,
    });
  }, 30_000);
  afterAll(async () => {
    await client?.endAsync(true);
    await broker?.dispose();
  });

  /** The publish callback's arguments, and the last packet received when it was called. */
  function publish(topic: string) {
    let last: Packet | undefined;
    const record = (packet: Packet) => (last = packet);
    client.on('packetreceive', record);
    return new Promise<{ err: Error | undefined; packet: Packet | undefined; last?: Packet }>(
      (resolve) =>
        client.publish(topic, 'x', { qos: 1 }, (err, packet) => {
          client.off('packetreceive', record);
          resolve({ err, packet, last });
        }),
    );
  }

  it('with no subscriber: PUBACK reason 16, passed to the publish callback as a success right after the PUBACK', async () => {
    const { err, packet, last } = await publish('pin/nobody');

    expect(err).toBeFalsy();
    expect(packet).toMatchObject({ cmd: 'publish', topic: 'pin/nobody' });
    expect(last).toMatchObject({ cmd: 'puback', reasonCode: 16, messageId: packet?.messageId });
  });

  it('with a subscriber: PUBACK reason 0', async () => {
    const collector = await MqttCollector.start(broker.url, ['pin/read']);
    try {
      const { err, packet, last } = await publish('pin/read');

      expect(err).toBeFalsy();
      expect(last).toMatchObject({ cmd: 'puback', reasonCode: 0, messageId: packet?.messageId });
    } finally {
      await collector.close();
    }
  });

  // MAX_PENDING_PUBLISHES counts a publish until its callback: it must come, also across a reconnect
  it('keeps a publish that was not acknowledged when the connection dropped, sends it again and calls back', async () => {
    broker.pause();
    const before = broker.unreadBytes();
    const answered = publish('pin/again');
    await waitFor(() => broker.unreadBytes() > before, {
      what: 'the publish at the paused broker',
    });
    await broker.stop(); // unread, so lost with the connection
    await broker.start();

    const { err, last } = await answered;

    expect(err).toBeFalsy();
    expect(last).toMatchObject({ cmd: 'puback' });
  }, 30_000);

  // why the gateway refuses a reading over MQTT_MAX_MESSAGE_BYTES itself instead of publishing it
  it('past message_size_limit: PUBACK reason 149, which mqtt.js fails to parse', async () => {
    const own = await mqtt.connectAsync(broker.url, {
      protocolVersion: 5,
      reconnectPeriod: 0,
      log: () => undefined,
    });
    try {
      const failed = new Promise<Error>((resolve) => own.once('error', resolve));
      own.publish('pin/big', Buffer.alloc(MAX_MESSAGE_BYTES + 1), { qos: 1 });

      expect((await failed).message).toBe('Invalid puback reason code');
    } finally {
      await own.endAsync(true);
    }
  });
});
