import mqtt from 'mqtt';
import { sleep } from './ports.js';
import { closeAtTeardown } from './teardown.js';

export interface Message {
  topic: string;
  payload: string;
}

export interface PublishOptions {
  /** At most this many messages unacknowledged by the broker. */
  inFlight?: number;
  /** Spreads the messages over time, as devices send them; unset: as fast as the broker takes them. */
  perSecond?: number;
  /** Called with the count of messages the broker acknowledged so far. */
  onProgress?: (acked: number) => void;
  /** Called with the index in `list` of each message as the broker acknowledges it. */
  onAck?: (index: number) => void;
}

/** Publishes at QoS 1 with a plain mqtt client; resolves when the broker acknowledged them all. */
export async function publishAll(
  url: string,
  list: readonly Message[],
  { inFlight = 200, perSecond, onProgress, onAck }: PublishOptions = {},
): Promise<void> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200 });
  let abandoned = false;
  const forget = closeAtTeardown(() => {
    abandoned = true;
    return client.endAsync(true);
  });
  try {
    const startedAt = Date.now();
    let next = 0;
    let acked = 0;
    const worker = async () => {
      while (next < list.length && !abandoned) {
        const index = next++;
        if (perSecond) await sleep(startedAt + (index * 1000) / perSecond - Date.now());
        const { topic, payload } = list[index];
        if (abandoned) return;
        await client.publishAsync(topic, payload, { qos: 1 });
        onAck?.(index);
        onProgress?.(++acked);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, list.length) }, worker));
  } catch (err) {
    if (!abandoned) throw err;
  } finally {
    forget();
    if (!abandoned) await client.endAsync();
  }
}
