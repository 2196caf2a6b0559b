import {
  authenticate,
  brokerUsers,
  mayPublish,
  maySubscribe,
  type BrokerAccessSettings,
  type BrokerUser,
} from '@healthcare/config';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * An MQTT broker inside this process (aedes), for a start with nothing installed.
 * It speaks MQTT 3.1.1 only and keeps queued messages in memory.
 */
export class EmbeddedMqttBroker {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly broker: Aedes,
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * With `access`, the same rules as compose's Mosquitto: no anonymous client, each user only its
   * topics (libs/config broker-access), and a client id that is a user's name only for that user.
   */
  static async start(
    port: number,
    host = '127.0.0.1',
    access?: BrokerAccessSettings,
  ): Promise<EmbeddedMqttBroker> {
    const broker = await Aedes.createBroker();
    if (access) enforce(broker, brokerUsers(access));
    const server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return new EmbeddedMqttBroker(broker, server, port);
  }

  /** The aedes instance, for tests that watch the broker's side (e.g. its 'ack' events). */
  get aedes(): Aedes {
    return this.broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
  }
}

const REFUSED = { BAD_LOGIN: 4, IDENTIFIER: 2 } as const;

function refusal(returnCode: 2 | 4, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

/** The user a connected client logged in as (set by authenticate). */
const userOf = new WeakMap<Client, BrokerUser>();

function enforce(broker: Aedes, users: BrokerUser[]): void {
  const names = new Set(users.map((u) => u.username));
  broker.authenticate = (client, username, password, done) => {
    const user = authenticate(users, username, password);
    if (!user) return done(refusal(REFUSED.BAD_LOGIN, 'bad username or password'), false);
    // Mosquitto (use_username_as_clientid) gives every client its username as id; aedes cannot
    // rename a client, so it refuses another login's name instead: no one takes over a session
    if (client.id !== user.username && names.has(client.id)) {
      return done(refusal(REFUSED.IDENTIFIER, 'client id of another user'), false);
    }
    userOf.set(client, user);
    done(null, true);
  };
  broker.authorizePublish = (client, packet, done) => {
    const user = client ? userOf.get(client) : undefined;
    // client null: the broker's own messages ($SYS)
    if (client === null || (user && mayPublish(user, packet.topic))) return done(null);
    done(new Error(`not allowed to publish to ${packet.topic}`));
  };
  broker.authorizeSubscribe = (client, subscription, done) => {
    const user = userOf.get(client);
    // null: refused (SUBACK 0x80), the connection stays
    done(null, user && maySubscribe(user, subscription.topic) ? subscription : null);
  };
}
