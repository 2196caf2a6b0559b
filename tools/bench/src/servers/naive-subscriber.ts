import mqtt from 'mqtt';
import pg from 'pg';
import { exitOnSignal, requiredEnv, sendReady } from './ipc.js';

/**
 * naive-chain: the seed's subscriber. One message at a time (the next is read only once this one
 * is handled, as paho's loop did), one autocommitted INSERT per message, then the PUBACK.
 */
const db = new pg.Client({ connectionString: requiredEnv('DATABASE_URL') });
await db.connect();
const client = await mqtt.connectAsync(requiredEnv('MQTT_URL'), { clean: true });

interface Temperature {
  sensor_id: string;
  value: number;
  unit: string;
  date: string;
}

client.handleMessage = (packet, done) => {
  const reading = JSON.parse(packet.payload.toString()) as Temperature;
  db.query(
    'INSERT INTO temperature (sensor_id, value, unit, "timestamp") VALUES ($1, $2, $3, $4)',
    [reading.sensor_id, reading.value, reading.unit, reading.date],
  ).then(
    () => done(),
    (err: Error) => done(err),
  );
};
await client.subscribeAsync(requiredEnv('TOPIC'), { qos: 1 });
sendReady();
exitOnSignal(async () => {
  await client.endAsync();
  await db.end();
});
