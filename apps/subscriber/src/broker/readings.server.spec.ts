import { Logger } from '@nestjs/common';
import type { MqttContext } from '@nestjs/microservices';
import type { MqttClient } from 'mqtt';
import { createMetricsRegistry } from '@healthcare/config/metrics';
import { InProcessBroker, MetricsScrape, waitFor } from '@healthcare/testing';
import { BrokerStatistics } from './broker-statistics.js';
import { ReadingTopics } from './reading-topics.js';
import { UNROUTABLE } from './reading-topics.js';
import { ReadingsServer } from './readings.server.js';

jest.setTimeout(20_000);
Logger.overrideLogger(false);

interface Call {
  pattern: string;
  payload: string;
  topic: string;
  settle: { resolve: () => void; reject: (err: Error) => void };
}

describe('ReadingsServer', () => {
  let broker: InProcessBroker;
  let server: ReadingsServer;
  let publisher: MqttClient;
  let calls: Call[];
  let acked: string[];

  beforeEach(async () => {
    broker = await InProcessBroker.start();
    calls = [];
    acked = [];
    broker.broker.on('ack', (packet, client) => {
      if (client.id === 'sub' && 'payload' in packet) acked.push(String(packet.payload));
    });
    server = new ReadingsServer(
      {
        url: broker.url,
        clientId: 'sub',
        sessionExpirySeconds: 60,
        receiveMaximum: 100,
        maximumPacketSize: 128 * 1024,
      },
      new ReadingTopics('ward-3'),
    );
    for (const pattern of ['temperature', 'pressure', 'heartRate', UNROUTABLE]) {
      const handler = (payload: string, context: MqttContext) =>
        new Promise<void>((resolve, reject) => {
          calls.push({ pattern, payload, topic: context.getTopic(), settle: { resolve, reject } });
        });
      server.addHandler(pattern, handler, true);
    }
    // the in-process broker refuses MQTT 5: this also goes through the fallback to 3.1.1
    await new Promise<void>((resolve, reject) => {
      void server.listen((err) => (err instanceof Error ? reject(err) : resolve()));
    });
    publisher = await broker.client({ clientId: 'publisher' });
  });

  afterEach(async () => {
    await publisher.endAsync(true);
    await server.close();
    await broker.stop();
  });

  it('hands each handler the payload exactly as published, whatever it looks like', async () => {
    const envelope = '{"pattern":"pressure","data":{"sensor_id":"P1"}}';
    await publisher.publishAsync('ward-3/temperature', envelope, { qos: 1 });
    await publisher.publishAsync('ward-3/heartRate', 'not json {', { qos: 1 });
    await waitFor(() => calls.length === 2, { what: 'two handler calls' });
    expect(calls.map(({ pattern, payload, topic }) => ({ pattern, payload, topic }))).toEqual([
      { pattern: 'temperature', payload: envelope, topic: 'ward-3/temperature' },
      { pattern: 'heartRate', payload: 'not json {', topic: 'ward-3/heartRate' },
    ]);
  });

  it('acknowledges a message once its handler resolves, and never one whose handler failed', async () => {
    await publisher.publishAsync('ward-3/pressure', 'a', { qos: 1 });
    await publisher.publishAsync('ward-3/pressure', 'b', { qos: 1 });
    await waitFor(() => calls.length === 2, { what: 'two handler calls' });
    expect(server.heldAcks).toBe(2);
    calls[0].settle.reject(new Error('the database is down'));
    calls[1].settle.resolve();
    await waitFor(() => acked.length === 1, { what: 'a PUBACK' });
    expect(acked).toEqual(['b']);
    expect(server.heldAcks).toBe(0);
  });

  it("routes a message on a device's topic to its kind's handler", async () => {
    await publisher.publishAsync('ward-3/pressure/Press_042', 'p', { qos: 1 });
    await waitFor(() => calls.length === 1, { what: 'the handler call' });
    expect(calls[0]).toMatchObject({ pattern: 'pressure', topic: 'ward-3/pressure/Press_042' });
  });

  it('routes a message on a topic that carries no reading to the unroutable handler', async () => {
    // a subscription left in the persistent session by an earlier configuration
    await server.unwrap<MqttClient>().subscribeAsync('old-prefix/temperature', { qos: 1 });
    await publisher.publishAsync('old-prefix/temperature', '{}', { qos: 1 });
    await waitFor(() => calls.length === 1, { what: 'the handler call' });
    expect(calls[0]).toMatchObject({ pattern: UNROUTABLE, topic: 'old-prefix/temperature' });
  });
});

describe('ReadingsServer.isSubscribed', () => {
  it('turns true only once the broker has granted the subscriptions', async () => {
    const broker = await InProcessBroker.start();
    // held until released, then every one (the kind's topic and its devices') granted
    const held: (() => void)[] = [];
    let released = false;
    broker.broker.authorizeSubscribe = (_client, subscription, done) => {
      if (released) done(null, subscription);
      else held.push(() => done(null, subscription));
    };
    const server = new ReadingsServer(
      {
        url: broker.url,
        clientId: 'sub',
        sessionExpirySeconds: 60,
        receiveMaximum: 100,
        maximumPacketSize: 128 * 1024,
      },
      new ReadingTopics(''),
    );
    server.addHandler('temperature', () => Promise.resolve(), true);
    try {
      const listening = new Promise<void>((resolve, reject) => {
        void server.listen((err) => (err instanceof Error ? reject(err) : resolve()));
      });
      await waitFor(() => held.length > 0, { what: 'a SUBSCRIBE at the broker' });
      expect(server.isConnected).toBe(true);
      expect(server.isSubscribed).toBe(false);

      released = true;
      for (const grant of held.splice(0)) grant();
      await listening;
      expect(server.isSubscribed).toBe(true);
    } finally {
      await server.close();
      await broker.stop();
    }
  });
});

describe("ReadingsServer and the broker's statistics", () => {
  it("stores on as before on a broker without Mosquitto's $SYS tree, its metrics absent", async () => {
    const broker = await InProcessBroker.start();
    const registry = createMetricsRegistry();
    const server = new ReadingsServer(
      {
        url: broker.url,
        clientId: 'sub',
        sessionExpirySeconds: 60,
        receiveMaximum: 100,
        maximumPacketSize: 128 * 1024,
      },
      new ReadingTopics(''),
      new BrokerStatistics(registry),
    );
    const stored: string[] = [];
    server.addHandler(
      'temperature',
      (payload: string) => {
        stored.push(payload);
        return Promise.resolve();
      },
      true,
    );
    const publisher = await broker.client({ clientId: 'publisher' });
    try {
      await new Promise<void>((resolve, reject) => {
        void server.listen((err) => (err instanceof Error ? reject(err) : resolve()));
      });
      await publisher.publishAsync('temperature', 'r1', { qos: 1 });
      await waitFor(() => stored.length === 1, { what: 'the reading handled' });
      const names = [...new MetricsScrape(await registry.metrics()).names];
      expect(names.filter((n) => n.startsWith('healthcare_mosquitto_'))).toEqual([]);
    } finally {
      await publisher.endAsync(true);
      await server.close();
      await broker.stop();
    }
  });
});
