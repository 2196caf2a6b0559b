import { EmbeddedMqttBroker } from '@healthcare/embedded/mqtt-broker';
import { freePort } from '@healthcare/embedded/ports';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** The in-process MQTT 3.1.1 broker of `pnpm start` (aedes), for specs of the client side. */
export class InProcessBroker {
  private constructor(private readonly embedded: EmbeddedMqttBroker) {}

  static async start(): Promise<InProcessBroker> {
    return new InProcessBroker(await EmbeddedMqttBroker.start(await freePort()));
  }

  get broker() {
    return this.embedded.aedes;
  }

  get url(): string {
    return this.embedded.url;
  }

  /** A plain client, e.g. to publish. */
  client(options: IClientOptions = {}): Promise<MqttClient> {
    return mqtt.connectAsync(this.url, { reconnectPeriod: 100, ...options });
  }

  stop(): Promise<void> {
    return this.embedded.stop();
  }
}

/** Polls until `check` is true. */
export async function eventually(
  check: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
