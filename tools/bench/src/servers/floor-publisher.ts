import { patchSocketToGatherWrites } from '@healthcare/io';
import mqtt, { type IClientPublishOptions, type Packet } from 'mqtt';
import { randomBytes } from 'node:crypto';
import { requiredEnv } from './ipc.js';
import { brokerTrust } from './tls.js';

/** Publishes one reading; resolves once the broker's PUBACK says a subscriber took it. */
export type Forward = (reading: unknown) => Promise<void>;

/** MQTT 5 PUBACK reasons from here up: no subscriber took the reading (16), or a refusal. */
const FIRST_REFUSAL = 16;
const QOS_1: IClientPublishOptions = { qos: 1 };

/**
 * The gateway floors (gateway-floor-*): what a bare server does on top of answering, so that the
 * device's answer means the reading is the broker's. Unset MQTT_URL (the bare baselines): none.
 * The mqtt.js options are the gateway's that touch the hot path (MQTT 5, no packet log, no write
 * cache, the socket's writes of a turn gathered as ReadingPublisher does); the PUBACK's reason
 * code is read as the gateway reads it. Left out: validation, auth, metrics, the reading id and
 * the publish timeout, so this is below what any gateway with the same guarantees can spend.
 * Over TLS (mqtts://) it trusts MQTT_CA_FILE, as the gateway does.
 */
export async function connectForward(): Promise<Forward | undefined> {
  const url = process.env.MQTT_URL;
  if (!url) return undefined;
  const topic = requiredEnv('TOPIC');
  const client = await mqtt.connectAsync(url, {
    clientId: `gateway-floor-${randomBytes(4).toString('hex')}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
    queueQoSZero: false,
    log: () => undefined,
    writeCache: false,
    reschedulePings: false,
    ...brokerTrust(),
  } as mqtt.IClientOptions);
  patchSocketToGatherWrites(client.stream);
  // mqtt.js hands reason 16 to the publish callback as a success: read it off the PUBACK
  let ackedId = 0;
  let ackedReason = 0;
  client.on('packetreceive', (packet: Packet) => {
    if (packet.cmd !== 'puback') return;
    ackedId = packet.messageId ?? 0;
    ackedReason = packet.reasonCode ?? 0;
  });
  return (reading) =>
    new Promise<void>((resolve, reject) => {
      client.publish(topic, JSON.stringify(reading), QOS_1, (err, packet) => {
        if (err) reject(err);
        else if (packet?.messageId === ackedId && ackedReason >= FIRST_REFUSAL) {
          reject(new Error(`the broker did not take the reading (reason ${ackedReason})`));
        } else resolve();
      });
    });
}
