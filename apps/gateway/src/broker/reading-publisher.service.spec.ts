import { readingIdOf } from '@healthcare/contracts';
import type { IClientPublishOptions, Packet } from 'mqtt';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { Subject } from 'rxjs';
import { GatewayConfig } from '../config/gateway.config.js';
import { Logger } from '@nestjs/common';
import {
  BrokerUnavailableError,
  GatewayOverloadedError,
  PayloadTooLargeError,
} from '../errors/gateway-errors.js';
import type { GatewayMqttClient } from './mqtt-client.provider.js';
import { Registry } from 'prom-client';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { ReadingPublisher } from './reading-publisher.service.js';

const reading = {
  sensor_id: 'Temp_001',
  value: 36.5,
  unit: 'C' as const,
  date: '2024-05-01T10:00:00.000Z',
};

type Done = (err?: Error, packet?: Packet) => void;
/** How the fake broker answers a publish, given its message id. */
type Answer = (done: Done, messageId: number, mqtt: EventEmitter) => void;

/** A PUBACK with this reason code, as mqtt.js 5.16 reports it (see mqtt-puback.e2e-spec). */
const puback =
  (reasonCode: number): Answer =>
  (done, messageId, mqtt) => {
    mqtt.emit('packetreceive', { cmd: 'puback', messageId, reasonCode });
    done(undefined, { cmd: 'publish', messageId, qos: 1 } as Packet);
  };

/** A refusal (0x80 and up): mqtt.js 5.16 passes an error and the PUBACK (see mqtt-puback.e2e-spec). */
const refused =
  (reasonCode: number, message: string): Answer =>
  (done, messageId, mqtt) => {
    const packet = { cmd: 'puback', messageId, reasonCode } as Packet;
    mqtt.emit('packetreceive', packet);
    done(Object.assign(new Error(`Publish error: ${message}`), { code: reasonCode }), packet);
  };

/**
 * A stand-in for Nest's ClientMqtt and the mqtt.js client under it: records publishes and
 * answers them as told (at once by default, as a PUBACK). Unit tests only.
 */
class FakeClient {
  readonly status = new Subject<string>();
  readonly published: { topic: string; payload: string; options: IClientPublishOptions }[] = [];
  speaksMqtt311 = false;
  answer: Answer = puback(0);
  private nextId = 1;
  private readonly mqtt = Object.assign(new EventEmitter(), {
    options: { protocolVersion: 5 },
    stream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    publish: (topic: string, payload: string, options: IClientPublishOptions, done: Done) => {
      this.published.push({ topic, payload, options });
      this.answer(done, this.nextId++, this.mqtt);
    },
  });
  connect = () => Promise.resolve();
  close = () => Promise.resolve();
  unwrap = () => this.mqtt;
}

/** Never answered, as a broker that took the packet and sent no PUBACK. */
const never: Answer = () => undefined;

function publisher(settings: Partial<GatewayConfig> = {}) {
  const client = new FakeClient();
  const config = Object.assign(new GatewayConfig(), settings);
  const registry = new Registry();
  const metrics = new GatewayMetrics(registry);
  const service = new ReadingPublisher(client as unknown as GatewayMqttClient, config, metrics);
  client.status.next('connected');
  return { client, service, registry };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ReadingPublisher', () => {
  it.each([
    ['', 'temperature', 'pressure', 'heartRate'],
    ['ward-3', 'ward-3/temperature', 'ward-3/pressure', 'ward-3/heartRate'],
    ['ward-3/', 'ward-3/temperature', 'ward-3/pressure', 'ward-3/heartRate'],
    ['site/ward-3', 'site/ward-3/temperature', 'site/ward-3/pressure', 'site/ward-3/heartRate'],
  ])('with MQTT_TOPIC_PREFIX %p publishes on %s, %s, %s', (prefix, ...topics) => {
    const { service } = publisher({ MQTT_TOPIC_PREFIX: prefix });
    expect([
      service.topicOf('temperature'),
      service.topicOf('pressure'),
      service.topicOf('heartRate'),
    ]).toEqual(topics);
  });

  it('publishes the reading itself as plain JSON at QoS 1 on its topic, its id as Correlation Data', async () => {
    const { client, service } = publisher({ MQTT_TOPIC_PREFIX: 'ward-3' });
    await service.publish('temperature', reading);
    await service.publish('temperature', reading);
    expect(client.published).toEqual([
      {
        topic: 'ward-3/temperature',
        payload: JSON.stringify(reading),
        options: {
          qos: 1,
          properties: { correlationData: expect.any(Buffer) as unknown },
        },
      },
      expect.anything(),
    ]);
    const ids = client.published.map((p) => readingIdOf(p.options.properties?.correlationData));
    expect(ids.every((id) => id !== undefined && UUID.test(id))).toBe(true);
    expect(ids[0]).not.toEqual(ids[1]);
  });

  it('over MQTT 3.1.1 publishes at QoS 1 without properties (it has none)', async () => {
    const { client, service } = publisher();
    client.unwrap().options.protocolVersion = 4;
    await service.publish('temperature', reading);
    expect(client.published[0].options).toEqual({ qos: 1 });
  });

  it('counts what it published, with its PUBACK latency, and shows the broker state and pending publishes', async () => {
    const { client, service, registry } = publisher();
    const acks: (() => void)[] = [];
    client.answer = (done, messageId, mqtt) => acks.push(() => puback(0)(done, messageId, mqtt));
    const first = service.publish('temperature', reading);
    const second = service.publish('heartRate', reading as never);
    const value = async (name: string, labels: Record<string, string> = {}) =>
      (await registry.getSingleMetric(name)!.get()).values.find((v) =>
        Object.entries(labels).every(([k, l]) => v.labels[k] === l),
      )?.value;
    expect(await value('healthcare_gateway_pending_publishes')).toBe(2);
    expect(await value('healthcare_gateway_broker_connected')).toBe(1);
    for (const ack of acks) ack();
    await Promise.all([first, second]);
    expect(await value('healthcare_gateway_pending_publishes')).toBe(0);
    const published = { protocol: 'rest', kind: 'temperature' };
    expect(await value('healthcare_gateway_readings_published_total', published)).toBe(1);
    expect(await value('healthcare_gateway_readings_received_total', published)).toBe(1);
    expect(
      await value('healthcare_gateway_readings_published_total', {
        protocol: 'grpc',
        kind: 'pressure',
      }),
    ).toBe(0);
    expect(
      await value('healthcare_gateway_publish_duration_seconds', { kind: 'heartRate', le: '+Inf' }),
    ).toBe(1);
    client.status.next('disconnected');
    expect(await value('healthcare_gateway_broker_connected')).toBe(0);
  });

  it('follows the connection status', () => {
    const { client, service } = publisher();
    expect(service.isConnected).toBe(true);
    client.status.next('disconnected');
    expect(service.isConnected).toBe(false);
    client.status.next('reconnecting');
    expect(service.isConnected).toBe(false);
    client.status.next('connected');
    expect(service.isConnected).toBe(true);
  });

  it('refuses at once while the broker is not connected, without publishing', async () => {
    const { client, service } = publisher();
    client.status.next('disconnected');
    await expect(service.publish('temperature', reading)).rejects.toThrow(
      new BrokerUnavailableError('the MQTT broker is not reachable'),
    );
    expect(client.published).toEqual([]);
  });

  it('gives up after PUBLISH_TIMEOUT_MS without a PUBACK', async () => {
    const { client, service } = publisher({ PUBLISH_TIMEOUT_MS: 100 });
    client.answer = never;
    const started = Date.now();
    await expect(service.publish('pressure', reading as never)).rejects.toThrow(
      new BrokerUnavailableError('no acknowledgement from the MQTT broker within 100 ms'),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('times out each publish on its own, one timer for all, and counts a late PUBACK as nothing', async () => {
    const { client, service, registry } = publisher({ PUBLISH_TIMEOUT_MS: 100 });
    const acks: (() => void)[] = [];
    client.answer = (done, messageId, mqtt) => acks.push(() => puback(0)(done, messageId, mqtt));
    const started = Date.now();
    const first = service.publish('temperature', reading);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const second = service.publish('temperature', reading);
    const timedOut = new BrokerUnavailableError(
      'no acknowledgement from the MQTT broker within 100 ms',
    );
    await expect(first).rejects.toThrow(timedOut);
    const firstAfter = Date.now() - started;
    await expect(second).rejects.toThrow(timedOut);
    expect(firstAfter).toBeGreaterThanOrEqual(95);
    expect(Date.now() - started).toBeGreaterThanOrEqual(155);

    // the broker takes them after all: the devices were answered, nothing is counted twice
    for (const ack of acks) ack();
    const published = await registry
      .getSingleMetric('healthcare_gateway_readings_published_total')!
      .get();
    expect(published.values.find((v) => v.labels.kind === 'temperature')?.value).toBe(0);
    expect(service.pendingPublishes).toBe(0);
  });

  it('reports a failed publish as the broker being unavailable', async () => {
    const { client, service } = publisher();
    client.answer = (done) => done(new Error('Connection closed'));
    await expect(service.publish('heartRate', reading as never)).rejects.toThrow(
      new BrokerUnavailableError('the MQTT broker did not take the reading: Connection closed'),
    );
  });

  it('refuses a reading whose PUBACK says no subscriber took it (reason 16)', async () => {
    const { client, service } = publisher({ MQTT_TOPIC_PREFIX: 'ward-3' });
    client.answer = puback(16);
    await expect(service.publish('temperature', reading)).rejects.toThrow(
      new BrokerUnavailableError(
        'no subscriber for ward-3/temperature: the MQTT broker dropped the reading; retry later',
      ),
    );
    client.answer = puback(0);
    await expect(service.publish('temperature', reading)).resolves.toBeUndefined();
  });

  it('refuses a reading the broker refused in its PUBACK (0x80 and up), saying so once per topic', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const { client, service } = publisher();
      client.answer = refused(135, 'Not authorized');
      const answer = new BrokerUnavailableError(
        'the MQTT broker refused the reading on heartRate: Publish error: Not authorized ' +
          '(reason code 135); retry later',
      );
      await expect(service.publish('heartRate', reading as never)).rejects.toThrow(answer);
      await expect(service.publish('heartRate', reading as never)).rejects.toThrow(answer);
      client.answer = puback(0);
      await expect(service.publish('heartRate', reading as never)).resolves.toBeUndefined();

      expect(warn.mock.calls).toEqual([
        [
          'the MQTT broker refused the reading on heartRate: Publish error: Not authorized ' +
            '(reason code 135): refusing its readings until it takes one',
        ],
      ]);
      expect(log.mock.calls).toContainEqual(['the MQTT broker takes readings on heartRate again']);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('refuses a reading bigger than MQTT_MAX_MESSAGE_BYTES as published, without publishing', async () => {
    const { client, service } = publisher({ MQTT_MAX_MESSAGE_BYTES: 64 });
    const bytes = Buffer.byteLength(JSON.stringify(reading));
    expect(bytes).toBeGreaterThan(64);
    await expect(service.publish('temperature', reading)).rejects.toThrow(
      new PayloadTooLargeError(
        `the reading is ${bytes} bytes as published, more than the MQTT broker takes ` +
          '(MQTT_MAX_MESSAGE_BYTES 64)',
      ),
    );
    expect(client.published).toEqual([]);

    const fits = publisher({ MQTT_MAX_MESSAGE_BYTES: bytes });
    await expect(fits.service.publish('temperature', reading)).resolves.toBeUndefined();
  });

  it('takes a PUBACK without a reason code (MQTT 3.1.1) as a success', async () => {
    const { client, service } = publisher();
    client.answer = (done, messageId, mqtt) => {
      mqtt.emit('packetreceive', { cmd: 'puback', messageId });
      done(undefined, { cmd: 'publish', messageId, qos: 1 } as Packet);
    };
    await expect(service.publish('temperature', reading)).resolves.toBeUndefined();
  });

  it('past MAX_PENDING_PUBLISHES refuses at once, without publishing', async () => {
    const { client, service } = publisher({ MAX_PENDING_PUBLISHES: 2 });
    const acks: (() => void)[] = [];
    client.answer = (done, messageId, mqtt) => acks.push(() => puback(0)(done, messageId, mqtt));
    const waiting = [
      service.publish('pressure', reading as never),
      service.publish('heartRate', reading as never),
    ];

    await expect(service.publish('temperature', reading)).rejects.toThrow(
      new GatewayOverloadedError('2 readings are waiting for the MQTT broker; retry later'),
    );
    expect(client.published).toHaveLength(2);

    acks.shift()!();
    await expect(waiting[0]).resolves.toBeUndefined();
    const next = service.publish('temperature', reading);
    expect(client.published).toHaveLength(3);
    for (const ack of acks) ack();
    await expect(Promise.all([waiting[1], next])).resolves.toEqual([undefined, undefined]);
  });

  it('counts a timed-out publish until mqtt.js is done with it', async () => {
    const { client, service } = publisher({ MAX_PENDING_PUBLISHES: 1, PUBLISH_TIMEOUT_MS: 100 });
    let ack: (() => void) | undefined;
    client.answer = (done, messageId, mqtt) => (ack = () => puback(0)(done, messageId, mqtt));
    await expect(service.publish('temperature', reading)).rejects.toThrow(BrokerUnavailableError);

    await expect(service.publish('temperature', reading)).rejects.toThrow(GatewayOverloadedError);

    ack!();
    client.answer = puback(0);
    await expect(service.publish('temperature', reading)).resolves.toBeUndefined();
  });

  it('on shutdown refuses new readings and waits for those in flight', async () => {
    const { client, service } = publisher();
    let puback: (() => void) | undefined;
    client.answer = (done) => (puback = () => done());
    const inFlight = service.publish('temperature', reading);

    let drained = false;
    const draining = service.beforeApplicationShutdown().then(() => (drained = true));
    await expect(service.publish('temperature', reading)).rejects.toThrow(
      new BrokerUnavailableError('the gateway is shutting down'),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);

    puback!();
    await expect(inFlight).resolves.toBeUndefined();
    await draining;
    expect(drained).toBe(true);
  });

  it('waits at most SHUTDOWN_TIMEOUT_MS for readings in flight', async () => {
    const { client, service } = publisher({ SHUTDOWN_TIMEOUT_MS: 50, PUBLISH_TIMEOUT_MS: 2000 });
    client.answer = never;
    let settled = false;
    const inFlight = service.publish('temperature', reading).finally(() => (settled = true));

    await service.beforeApplicationShutdown();

    expect(settled).toBe(false);
    await expect(inFlight).rejects.toThrow(BrokerUnavailableError);
  });
});
