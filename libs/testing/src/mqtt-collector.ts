import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { readingIdOf } from '@healthcare/contracts';
import { waitFor } from './ports.js';

export interface ReceivedMessage {
  topic: string;
  payload: string;
  qos: number;
  /** The reading id the message carried, when the collector speaks MQTT 5 and it had one. */
  readingId?: string;
}

/** A plain MQTT subscriber that records everything published on its topics. */
export class MqttCollector {
  readonly messages: ReceivedMessage[] = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const readingId = readingIdOf(packet.properties?.correlationData);
      this.messages.push({
        topic,
        payload: payload.toString(),
        qos: packet.qos,
        ...(readingId === undefined ? {} : { readingId }),
      });
    });
  }

  /**
   * `options` go to mqtt.js; e.g. `{ clientId, clean: false }` for a persistent session that
   * keeps receiving across a broker restart, whoever reconnects first.
   */
  static async start(
    url: string,
    topics: string[],
    options: IClientOptions = {},
  ): Promise<MqttCollector> {
    const client = mqtt.connect(url, { reconnectPeriod: 200, ...options });
    // listening before the CONNACK: a resumed session's queued messages can arrive with it
    const collector = new MqttCollector(client);
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        client.end(true);
        reject(err);
      };
      client.once('error', fail);
      client.once('connect', () => {
        client.off('error', fail);
        resolve();
      });
    });
    await client.subscribeAsync(topics, { qos: 1 });
    return collector;
  }

  on(topic: string): ReceivedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async waitForCount(count: number, timeoutMs = 10_000): Promise<ReceivedMessage[]> {
    await waitFor(() => this.messages.length >= count, {
      timeoutMs,
      what: `${count} MQTT messages (have ${this.messages.length})`,
    });
    return this.messages;
  }

  /**
   * Waits until the reading of this device with this date is received. Both are matched: two
   * devices' readings made in the same millisecond carry the same date.
   */
  async waitForReading(
    sent: { sensor_id: unknown; date: unknown },
    timeoutMs = 10_000,
  ): Promise<void> {
    const isSent = (m: ReceivedMessage) => {
      const got = JSON.parse(m.payload) as { sensor_id?: unknown; date?: unknown };
      return got.sensor_id === sent.sensor_id && got.date === sent.date;
    };
    await waitFor(() => this.messages.some(isSent), {
      timeoutMs,
      what: `the reading of ${String(sent.sensor_id)} at ${String(sent.date)} on the broker`,
    });
  }

  clear(): void {
    this.messages.length = 0;
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
