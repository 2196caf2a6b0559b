import type { IPublishPacket, MqttClient, Packet } from 'mqtt';

/**
 * Stores one message; resolves once it is committed, rejects when it was not stored. Messages
 * stored together may share one promise.
 */
export type MessageSink = (packet: IPublishPacket) => Promise<void>;

/** Told once per promise the sink rejected, with the number of messages it stood for. */
export type RefusalListener = (err: unknown, messages: number) => void;

type SendPacket = (
  packet: Packet,
  cb?: (err?: Error) => void,
  cbStorePut?: () => void,
  noStore?: boolean,
) => void;

/**
 * The parts of mqtt.js's client this relies on (see node_modules/mqtt/build/lib/handlers/publish.js
 * and KeepaliveManager.js).
 */
interface ClientInternals {
  handleMessage(packet: IPublishPacket, callback: (err?: Error) => void): void;
  _sendPacket: SendPacket;
}

interface HeldAck {
  messageId: number;
  state: 'storing' | 'stored' | 'dropped';
  /** The PUBACK mqtt.js asked to send; written once the message is stored. */
  puback?: Packet;
  /** Its connection closed while the sink still had it: it counts until the sink is done. */
  orphaned?: boolean;
}

/** The messages the sink answered with one promise, settled together. */
interface Group {
  promise: Promise<void>;
  acks: HeldAck[];
  settled: boolean;
}

/** Lets mqtt.js read the next packet. */
type Continue = () => void;

/**
 * Makes an mqtt.js client acknowledge each QoS 1 message only after it is stored.
 *
 * For QoS 1, mqtt.js calls `handleMessage(packet, cb)`, and `cb` sends the PUBACK; the client
 * reads the next packet only once that PUBACK's write callback ran. Awaiting the commit there
 * would allow one message per commit. Instead `handleMessage` hands the message to the sink and
 * returns at once; the PUBACK mqtt.js then asks for is held (its callback is called, so the
 * client keeps reading) and written when the sink's promise resolves, in arrival order, as MQTT
 * requires. A message the sink rejects is never acknowledged: the broker redelivers it.
 *
 * When the connection closes every held PUBACK is dropped: the broker redelivers those messages
 * to the persistent session and storage is idempotent. A held PUBACK is never written on a later
 * connection, where the same message id names another message.
 *
 * Past `maxHeld` messages in memory the client stops reading until the oldest are stored:
 * Mosquitto 2.0 keeps sending past the Receive Maximum once PUBACKs flow, and memory must stay
 * bounded whatever the broker does. Every message the sink still has counts: QoS 0 ones, which
 * have no PUBACK to hold, and those of a closed connection, which the broker sends again.
 *
 * While reading is stopped the broker's PINGRESP waits unread behind the held-back messages, so
 * mqtt.js would take the connection for dead after its keepalive: it keeps pinging instead.
 */
export class AckAfterCommit {
  /** Received and not yet acknowledged, oldest first, from `heldFrom` on. */
  private held: HeldAck[] = [];
  /**
   * The head of `held`: the released are skipped, and dropped in one slice now and then, rather
   * than shifted off one by one: shift() of an array of a window's size is a call into V8's
   * runtime, and a copy of the whole array while the GC is marking.
   */
  private heldFrom = 0;
  /** Messages the sink has that no held PUBACK stands for: QoS 0, and orphans of a closed connection. */
  private unheld = 0;
  /** Read callbacks withheld while too many messages are in memory, oldest first. */
  private paused: Continue[] = [];
  /** The message whose PUBACK mqtt.js is about to request (synchronously, from our callback). */
  private receiving: HeldAck | undefined;
  private accepting = true;
  /** A message arrived since the last keepalive check: the connection is alive. */
  private readSinceCheck = false;
  /**
   * The newest group: a message whose promise is the same joins it, so a batch's messages cost
   * one promise reaction, not one each.
   */
  private group: Group | undefined;
  private readonly send: SendPacket;

  constructor(
    private readonly client: MqttClient,
    private readonly sink: MessageSink,
    private readonly maxHeld = Infinity,
    private readonly onRefused: RefusalListener = noop,
  ) {
    const internals = client as unknown as ClientInternals;
    this.send = internals._sendPacket.bind(client);
    internals.handleMessage = (packet, callback) => this.receive(packet, callback);
    internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
      const receiving = this.receiving;
      if (packet.cmd === 'puback' && receiving && receiving.messageId === packet.messageId) {
        receiving.puback = packet;
        this.receiving = undefined;
        this.readOn(cb ?? noop);
        this.release();
        return;
      }
      this.send(packet, cb, cbStorePut, noStore);
    };
    const onKeepaliveTimeout = client.onKeepaliveTimeout.bind(client);
    client.onKeepaliveTimeout = () => {
      if (this.paused.length === 0 && !this.readSinceCheck) return onKeepaliveTimeout();
      this.readSinceCheck = false;
      client.sendPing();
    };
    client.on('close', () => this.dropAll());
  }

  /** Messages received and not yet acknowledged. */
  get heldCount(): number {
    return this.held.length - this.heldFrom;
  }

  /** Messages received and not yet stored or given up: what the bound `maxHeld` applies to. */
  get inMemory(): number {
    return this.heldCount + this.unheld;
  }

  /** From now on messages are neither stored nor acknowledged; the broker keeps them. */
  stopAccepting(): void {
    this.accepting = false;
  }

  private receive(packet: IPublishPacket, callback: (err?: Error) => void): void {
    this.readSinceCheck = true;
    // read after the connection closed: its PUBACK could only go out on the next one
    const accepting = this.accepting && this.client.connected;
    if (packet.qos !== 1) {
      // QoS 0 has no acknowledgement; store it while we can
      if (accepting) {
        this.unheld += 1;
        void this.sink(packet)
          .catch(() => undefined)
          .finally(() => {
            this.unheld -= 1;
            this.resumeReading();
          });
      }
      this.readOn(callback);
      return;
    }
    const ack: HeldAck = { messageId: packet.messageId!, state: 'storing' };
    this.held.push(ack);
    if (accepting) {
      this.join(ack, this.sink(packet));
    } else {
      ack.state = 'dropped';
    }
    this.receiving = ack;
    callback();
    this.receiving = undefined;
  }

  private join(ack: HeldAck, promise: Promise<void>): void {
    let group = this.group;
    if (!group || group.settled || group.promise !== promise) {
      const joined: Group = { promise, acks: [], settled: false };
      this.group = group = joined;
      promise.then(
        () => this.settleGroup(joined, 'stored'),
        (err: unknown) => {
          this.onRefused(err, joined.acks.length);
          this.settleGroup(joined, 'dropped');
        },
      );
    }
    group.acks.push(ack);
  }

  private settleGroup(group: Group, state: 'stored' | 'dropped'): void {
    group.settled = true;
    if (this.group === group) this.group = undefined;
    for (const ack of group.acks) this.settle(ack, state);
    this.release();
  }

  /** Lets mqtt.js read on now, or once the messages in memory are back within the bound. */
  private readOn(next: Continue): void {
    if (this.inMemory > this.maxHeld) this.paused.push(next);
    else next();
  }

  private settle(ack: HeldAck, state: 'stored' | 'dropped'): void {
    if (ack.orphaned) {
      // its connection closed: nothing to acknowledge, but it no longer counts
      ack.orphaned = false;
      this.unheld -= 1;
    } else if (ack.state === 'storing') {
      ack.state = state;
    }
  }

  /** Writes the PUBACKs at the head of the queue whose messages are stored, in arrival order. */
  private release(): void {
    while (this.heldFrom < this.held.length) {
      const head = this.held[this.heldFrom];
      if (head.state === 'storing' || (head.state === 'stored' && !head.puback)) break;
      this.heldFrom += 1;
      if (head.state !== 'stored') continue;
      if (!this.client.connected) {
        // mqtt.js would queue it for the next connection; the broker redelivers instead
        this.dropAll();
        return;
      }
      this.send(head.puback!);
    }
    // the released go once they are as many as those held: memory stays within twice the held
    if (this.heldFrom > 0 && this.heldFrom >= this.held.length - this.heldFrom) {
      this.held = this.held.slice(this.heldFrom);
      this.heldFrom = 0;
    }
    this.resumeReading();
  }

  private resumeReading(): void {
    while (this.paused.length > 0 && this.inMemory <= this.maxHeld) this.paused.shift()!();
  }

  private dropAll(): void {
    for (let i = this.heldFrom; i < this.held.length; i++) {
      const ack = this.held[i];
      if (ack.state === 'storing') {
        ack.orphaned = true;
        this.unheld += 1;
      }
      ack.state = 'dropped';
    }
    this.held = [];
    this.heldFrom = 0;
    this.receiving = undefined;
    this.group = undefined;
    // what is left to read belongs to the closed connection: mqtt.js discards it
    for (const next of this.paused.splice(0)) next();
  }
}

const noop = (): void => undefined;
