import type { IPublishPacket, MqttClient, Packet } from 'mqtt';

/** Stores one message; resolves once it is committed, rejects when it was not stored. */
export type MessageSink = (packet: IPublishPacket) => Promise<void>;

type SendPacket = (
  packet: Packet,
  cb?: (err?: Error) => void,
  cbStorePut?: () => void,
  noStore?: boolean,
) => void;

/** The parts of mqtt.js's client this relies on (see node_modules/mqtt/build/lib/handlers/publish.js). */
interface ClientInternals {
  handleMessage(packet: IPublishPacket, callback: (err?: Error) => void): void;
  _sendPacket: SendPacket;
}

interface HeldAck {
  messageId: number;
  state: 'storing' | 'stored' | 'dropped';
  /** The PUBACK mqtt.js asked to send; written once the message is stored. */
  puback?: Packet;
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
 * Past `maxHeld` unacknowledged messages the client stops reading until the oldest are stored:
 * Mosquitto 2.0 keeps sending past the Receive Maximum once PUBACKs flow (measured here: tens of
 * thousands in flight on a backlog), and memory must stay bounded whatever the broker does.
 */
export class AckAfterCommit {
  private held: HeldAck[] = [];
  /** Read callbacks withheld while too many messages are unacknowledged, oldest first. */
  private paused: Continue[] = [];
  /** The message whose PUBACK mqtt.js is about to request (synchronously, from our callback). */
  private receiving: HeldAck | undefined;
  private accepting = true;
  private readonly send: SendPacket;

  constructor(
    private readonly client: MqttClient,
    private readonly sink: MessageSink,
    private readonly maxHeld = Infinity,
  ) {
    const internals = client as unknown as ClientInternals;
    this.send = internals._sendPacket.bind(client);
    internals.handleMessage = (packet, callback) => this.receive(packet, callback);
    internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
      const receiving = this.receiving;
      if (packet.cmd === 'puback' && receiving && receiving.messageId === packet.messageId) {
        receiving.puback = packet;
        this.receiving = undefined;
        if (this.held.length > this.maxHeld) this.paused.push(cb ?? noop);
        else cb?.();
        this.release();
        return;
      }
      this.send(packet, cb, cbStorePut, noStore);
    };
    client.on('close', () => this.dropAll());
  }

  /** Messages received and not yet acknowledged. */
  get heldCount(): number {
    return this.held.length;
  }

  /** From now on messages are neither stored nor acknowledged; the broker keeps them. */
  stopAccepting(): void {
    this.accepting = false;
  }

  private receive(packet: IPublishPacket, callback: (err?: Error) => void): void {
    if (packet.qos !== 1) {
      // QoS 0 has no acknowledgement; store it while we can
      if (this.accepting) this.sink(packet).catch(() => undefined);
      callback();
      return;
    }
    const ack: HeldAck = { messageId: packet.messageId!, state: 'storing' };
    this.held.push(ack);
    if (this.accepting) {
      this.sink(packet).then(
        () => this.settle(ack, 'stored'),
        () => this.settle(ack, 'dropped'),
      );
    } else {
      ack.state = 'dropped';
    }
    this.receiving = ack;
    callback();
    this.receiving = undefined;
  }

  private settle(ack: HeldAck, state: 'stored' | 'dropped'): void {
    if (ack.state !== 'storing') return;
    ack.state = state;
    this.release();
  }

  /** Writes the PUBACKs at the head of the queue whose messages are stored, in arrival order. */
  private release(): void {
    while (this.held.length > 0) {
      const head = this.held[0];
      if (head.state === 'storing' || (head.state === 'stored' && !head.puback)) break;
      this.held.shift();
      if (head.state !== 'stored') continue;
      if (!this.client.connected) {
        // mqtt.js would queue it for the next connection; the broker redelivers instead
        this.dropAll();
        return;
      }
      this.send(head.puback!);
    }
    this.resumeReading();
  }

  private resumeReading(): void {
    while (this.paused.length > 0 && this.held.length <= this.maxHeld) this.paused.shift()!();
  }

  private dropAll(): void {
    for (const ack of this.held) ack.state = 'dropped';
    this.held = [];
    this.receiving = undefined;
    this.resumeReading();
  }
}

const noop: Continue = () => undefined;
