import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import { AckAfterCommit } from './ack-after-commit.js';
import { InProcessBroker, waitFor } from '@healthcare/testing';

jest.setTimeout(20_000);

/**
 * Pins the behaviour AckAfterCommit takes from mqtt.js's internals (handleMessage, _sendPacket):
 * if an mqtt.js upgrade changes them, these fail. The broker reports each PUBACK it receives.
 */
describe('AckAfterCommit', () => {
  let broker: InProcessBroker;
  let publisher: MqttClient;
  let subscriber: MqttClient | undefined;
  /** Payloads whose PUBACK reached the broker, in the order it got them. */
  let acked: string[];
  /** Messages handed to the sink, each with the functions that settle its promise. */
  let stored: { payload: string; commit: () => void; fail: () => void }[];

  beforeEach(async () => {
    broker = await InProcessBroker.start();
    acked = [];
    stored = [];
    broker.broker.on('ack', (packet, client) => {
      if (client.id === 'subscriber' && 'payload' in packet) acked.push(String(packet.payload));
    });
    publisher = await broker.client({ clientId: 'publisher' });
  });

  afterEach(async () => {
    await subscriber?.endAsync(true);
    subscriber = undefined;
    await publisher.endAsync(true);
    await broker.stop();
  });

  const sink = (packet: IPublishPacket) =>
    new Promise<void>((resolve, reject) => {
      stored.push({
        payload: packet.payload.toString(),
        commit: resolve,
        fail: () => reject(new Error('not stored')),
      });
    });

  async function subscribe(
    maxHeld?: number,
    options: IClientOptions = {},
  ): Promise<AckAfterCommit> {
    subscriber = await broker.client({ clientId: 'subscriber', clean: false, ...options });
    const acks = new AckAfterCommit(subscriber, sink, maxHeld);
    await subscriber.subscribeAsync('readings', { qos: 1 });
    return acks;
  }

  async function publish(...payloads: string[]): Promise<void> {
    for (const payload of payloads) await publisher.publishAsync('readings', payload, { qos: 1 });
  }

  /** A round trip on the subscriber's connection: every PUBACK it wrote before has arrived. */
  async function barrier(): Promise<void> {
    await subscriber!.publishAsync('barrier', '', { qos: 1 });
  }

  const payloads = () => stored.map((s) => s.payload);

  it('keeps reading while messages wait, and acknowledges each only once it is stored, in order', async () => {
    const acks = await subscribe();
    await publish('m0', 'm1', 'm2', 'm3', 'm4');
    await waitFor(() => stored.length === 5, { what: 'all five messages to reach the sink' });
    await barrier();
    expect(payloads()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(acked).toEqual([]);
    expect(acks.heldCount).toBe(5);

    stored[1].commit();
    stored[2].commit();
    await barrier();
    expect(acked).toEqual([]); // m0 is not stored yet: MQTT acknowledges in arrival order

    stored[0].commit();
    await waitFor(() => acked.length === 3, { what: 'three PUBACKs' });
    for (const message of stored.slice(3)) message.commit();
    await waitFor(() => acked.length === 5, { what: 'five PUBACKs' });
    expect(acked).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(acks.heldCount).toBe(0);
  });

  it('acknowledges in arrival order through many releases while later messages stay held', async () => {
    const acks = await subscribe();
    const all = Array.from({ length: 30 }, (_, i) => `m${i}`);
    await publish(...all);
    await waitFor(() => stored.length === all.length, { what: 'all thirty messages in the sink' });
    for (let i = 0; i < all.length; i += 3) {
      // the newest first: each round releases three at once, and the rest stay held behind them
      stored[i + 2].commit();
      stored[i + 1].commit();
      stored[i].commit();
      await waitFor(() => acked.length === i + 3, { what: `${i + 3} PUBACKs` });
      expect(acked).toEqual(all.slice(0, i + 3));
      expect(acks.heldCount).toBe(all.length - i - 3);
    }
  });

  it('settles the messages that share one promise together, and reports a refused one once', async () => {
    // a sink like the batch writer: every two messages share the promise of their batch
    const batches: { commit: () => void; fail: () => void }[] = [];
    let batch: Promise<void> | undefined;
    let inBatch = 0;
    const batchSink = () => {
      if (!batch || inBatch === 2) {
        batch = new Promise<void>((resolve, reject) => {
          batches.push({ commit: resolve, fail: () => reject(new Error('not stored')) });
        });
        inBatch = 0;
      }
      inBatch += 1;
      return batch;
    };
    const refusals: number[] = [];
    subscriber = await broker.client({ clientId: 'subscriber', clean: false });
    const acks = new AckAfterCommit(subscriber, batchSink, Infinity, (_err, messages) =>
      refusals.push(messages),
    );
    await subscriber.subscribeAsync('readings', { qos: 1 });
    await publish('m0', 'm1', 'm2', 'm3', 'm4', 'm5');
    await waitFor(() => acks.heldCount === 6, { what: 'six messages held' });
    expect(batches).toHaveLength(3);

    batches[1].commit();
    await barrier();
    expect(acked).toEqual([]); // m0 and m1 come first

    batches[0].fail();
    await waitFor(() => acked.length === 2, { what: 'the second batch acknowledged' });
    expect(acked).toEqual(['m2', 'm3']);
    expect(refusals).toEqual([2]);

    batches[2].commit();
    await waitFor(() => acked.length === 4, { what: 'the third batch acknowledged' });
    expect(acked).toEqual(['m2', 'm3', 'm4', 'm5']);
    expect(acks.heldCount).toBe(0);
  });

  it('never acknowledges a message that was not stored: the broker redelivers it', async () => {
    await subscribe();
    await publish('m0', 'm1');
    await waitFor(() => stored.length === 2, { what: 'two messages' });
    stored[0].fail();
    stored[1].commit();
    await barrier();
    expect(acked).toEqual(['m1']);

    await subscriber!.endAsync(true);
    stored = [];
    await subscribe();
    await waitFor(() => stored.length === 1, { what: 'the redelivery' });
    expect(payloads()).toEqual(['m0']);
    stored[0].commit();
    await waitFor(() => acked.length === 2, { what: 'the PUBACK of the redelivery' });
    expect(acked).toEqual(['m1', 'm0']);
  });

  it('drops held PUBACKs when the connection closes and never sends them on the next one', async () => {
    const acks = await subscribe();
    await publish('m0');
    await waitFor(() => stored.length === 1, { what: 'the message' });
    const first = stored[0];

    subscriber!.stream.destroy(); // the network goes away; mqtt.js reconnects to the same session
    await waitFor(() => stored.length === 2, { what: 'the redelivery on the new connection' });
    expect(acks.heldCount).toBe(1);
    first.commit(); // the first copy commits late: its PUBACK belongs to the old connection
    await barrier();
    expect(acked).toEqual([]);

    stored[1].commit();
    await waitFor(() => acked.length === 1, { what: 'one PUBACK' });
    await barrier();
    expect(acked).toEqual(['m0']);
  });

  it('after stopAccepting, neither stores nor acknowledges what arrives', async () => {
    const acks = await subscribe();
    acks.stopAccepting();
    let arrived = 0;
    subscriber!.on('message', () => (arrived += 1));
    await publish('late');
    await waitFor(() => arrived === 1, { what: 'the message to arrive' });
    await barrier();
    expect(acks.heldCount).toBe(0);
    expect(stored).toEqual([]);
    expect(acked).toEqual([]);
  });

  it('hands QoS 0 messages to the sink with nothing to hold', async () => {
    const acks = await subscribe();
    await publisher.publishAsync('readings', 'q0', { qos: 0 });
    await waitFor(() => stored.length === 1, { what: 'the QoS 0 message' });
    expect(acks.heldCount).toBe(0);
  });

  it('counts QoS 0 messages against maxHeld: stops reading past it while the sink holds them', async () => {
    const acks = await subscribe(3);
    const all = Array.from({ length: 10 }, (_, i) => `q${i}`);
    for (const payload of all) await publisher.publishAsync('readings', payload, { qos: 0 });
    await waitFor(() => stored.length >= 4, { what: 'four messages to reach the sink' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stored.length).toBe(4);
    expect(acks.inMemory).toBe(4);

    let committed = 0;
    await waitFor(
      () => {
        while (committed < stored.length) stored[committed++].commit();
        return stored.length === 10;
      },
      { what: 'every QoS 0 message read' },
    );
    expect(payloads()).toEqual(all);
  });

  it('counts the messages of a closed connection until the sink is done with them', async () => {
    const acks = await subscribe(3);
    await publish('m0', 'm1', 'm2');
    await waitFor(() => stored.length === 3, { what: 'three messages' });

    subscriber!.stream.destroy(); // the broker redelivers all three on the next connection
    await waitFor(() => stored.length >= 4, { what: 'the first redelivery' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // three copies still in the sink, one redelivered: reading waits
    expect(stored.length).toBe(4);
    expect(acks.inMemory).toBe(4);

    for (const message of stored.slice(0, 3)) message.commit();
    await waitFor(() => stored.length === 6, { what: 'the other redeliveries' });
    for (const message of stored.slice(3)) message.commit();
    await waitFor(() => acked.length === 3, { what: 'three PUBACKs' });
    expect(acked).toEqual(['m0', 'm1', 'm2']);
    expect(acks.inMemory).toBe(0);
  });

  it('keeps its connection while reading waits longer than the keepalive, pinging meanwhile', async () => {
    await subscribe(1, { keepalive: 1 });
    let closed = 0;
    subscriber!.on('close', () => (closed += 1));
    const all = ['m0', 'm1', 'm2', 'm3'];
    await publish(...all);
    await waitFor(() => stored.length === 2, { what: 'two messages, then reading waits' });

    // the PINGRESPs wait unread behind the messages held back
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(closed).toBe(0);
    expect(stored.length).toBe(2);

    let committed = 0;
    await waitFor(
      () => {
        while (committed < stored.length) stored[committed++].commit();
        return acked.length === all.length;
      },
      { what: 'every message stored and acknowledged on the same connection' },
    );
    expect(acked).toEqual(all);
    expect(closed).toBe(0);
  });

  it('stops reading past maxHeld unacknowledged messages and reads on as they are stored', async () => {
    // aedes, like Mosquitto once PUBACKs flow, sends a subscriber more than it can hold
    const acks = await subscribe(3);
    const all = Array.from({ length: 10 }, (_, i) => `m${i}`);
    await publish(...all);
    await waitFor(() => stored.length >= 4, { what: 'four messages to reach the sink' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stored.length).toBe(4); // the other six wait unread
    expect(acks.heldCount).toBe(4);

    let committed = 0;
    await waitFor(
      () => {
        while (committed < stored.length) stored[committed++].commit();
        return acked.length === 10;
      },
      { what: 'every message stored and acknowledged' },
    );
    expect(payloads()).toEqual(all);
    expect(acked).toEqual(all);
  });
});
