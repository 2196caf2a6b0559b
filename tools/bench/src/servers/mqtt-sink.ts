import mqtt from 'mqtt';
import { answerRequests, exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { brokerTrust } from './tls.js';

// mqtt-pipe: a plain QoS 1 subscriber that only counts; its Receive Maximum bounds the broker's window.
// mqtts-pipe: the same over TLS, trusting MQTT_CA_FILE (as the apps do)
const client = await mqtt.connectAsync(requiredEnv('MQTT_URL'), {
  protocolVersion: 5,
  clean: true,
  properties: { receiveMaximum: Number(process.env.RECEIVE_MAXIMUM ?? 1000) },
  ...brokerTrust(),
});
(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
let received = 0;
client.on('message', () => received++);
await client.subscribeAsync(requiredEnv('TOPIC'), { qos: 1 });
answerRequests(() => received);
sendReady();
exitOnSignal(() => client.endAsync());
