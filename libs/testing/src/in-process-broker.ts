import { EmbeddedMqttBroker } from '@healthcare/embedded/mqtt-broker';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { freePort } from './ports.js';

/** The in-process MQTT 3.1.1 broker of `pnpm start` (aedes), for specs of the client side. */
export class InProcessBroker {
  private constructor(private readonly embedded: EmbeddedMqttBroker) {}

  static async start(): Promise<InProcessBroker> {
    return new InProcessBroker(await EmbeddedMqttBroker.start(await freePort()));
  }

  /** Typed through EmbeddedMqttBroker, so that a spec needs no aedes of its own to see it. */
  get broker(): EmbeddedMqttBroker['aedes'] {
    return this.embedded.aedes;
  }

  get url(): string {
    return this.embedded.url;
  }

  /** From now on, records the login of every CONNECT (and accepts it). */
  recordLogins(): { username?: string; password?: string }[] {
    const logins: { username?: string; password?: string }[] = [];
    this.broker.authenticate = (_client, username, password, done) => {
      logins.push({ username, password: password?.toString() });
      done(null, true);
    };
    return logins;
  }

  /** A plain client, e.g. to publish. */
  client(options: IClientOptions = {}): Promise<MqttClient> {
    return mqtt.connectAsync(this.url, { reconnectPeriod: 100, ...options });
  }

  stop(): Promise<void> {
    return this.embedded.stop();
  }
}
