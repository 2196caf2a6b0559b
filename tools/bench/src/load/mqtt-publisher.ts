import mqtt, { type MqttClient } from 'mqtt';
import type { Answer, LoadClient } from './load-client.js';
import type { ReadingSource } from './readings.js';

/** Publishes readings straight to the broker at QoS 1; a reading is accepted on its PUBACK. */
export class MqttLoadPublisher implements LoadClient {
  private next = 0;

  private constructor(
    private readonly client: MqttClient,
    private readonly sources: ReadingSource[],
  ) {}

  /** Round-robin over the sources' topics; `ca` is the broker certificate's CA for mqtts://. */
  static async connect(
    url: string,
    sources: ReadingSource[],
    ca?: Buffer,
  ): Promise<MqttLoadPublisher> {
    const client = await mqtt.connectAsync(url, {
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 0,
      ...(ca && { ca }),
    });
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    return new MqttLoadPublisher(client, sources);
  }

  send(answer: Answer): void {
    const source = this.sources[this.next];
    this.next = (this.next + 1) % this.sources.length;
    this.client.publish(source.topic, source.json(), { qos: 1 }, (err) =>
      answer(err ? `mqtt ${err.message}` : undefined),
    );
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
