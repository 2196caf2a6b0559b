import { createSensorClient } from '@healthcare/proto';
import {
  createTestDatabase,
  Mosquitto,
  query,
  TestGateway,
  TestSubscriber,
  waitFor,
  type TestDatabase,
} from '@healthcare/testing';
import { WebSocket } from 'ws';

/** The whole path: device → gateway (REST, WebSocket, gRPC) → Mosquitto → subscriber → PostgreSQL. */
describe('gateway and subscriber together', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  let gateway: TestGateway;
  let subscriber: TestSubscriber;

  beforeAll(async () => {
    [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('subscriber')]);
    gateway = await TestGateway.start(broker.url);
    subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), subscriber?.app.stop()]);
    await broker?.dispose();
    await db?.drop();
  });

  const date = new Date(Date.now() - 60_000).toISOString();

  /** Polls a table until the sensor's row is there. */
  const rowOf = (table: string, sensorId: string) =>
    waitFor(
      async () =>
        (await query(db.url, `SELECT * FROM ${table} WHERE sensor_id = $1`, [sensorId]))[0],
      { timeoutMs: 20_000, what: `the ${table} row of ${sensorId}` },
    );

  it('stores a temperature sent over REST', async () => {
    const response = await fetch(`${gateway.httpUrl}/temperature`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sensor_id: 'Temp_001', value: 36.62, unit: 'C', date }),
    });
    expect(response.status).toBe(200);
    expect(await rowOf('temperature', 'Temp_001')).toMatchObject({
      value: '36.62',
      unit: 'C',
      timestamp: new Date(date),
    });
  });

  it('stores a heart rate sent over WebSocket', async () => {
    const socket = new WebSocket(gateway.wsUrl);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const answer = new Promise<string>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(data.toString())),
    );
    socket.send(JSON.stringify({ sensor_id: 'Heart_001', value: 72, unit: 'bpm', date }));
    expect(JSON.parse(await answer)).toMatchObject({ status: 'received', sensor_id: 'Heart_001' });
    socket.close();
    expect(await rowOf('heart_rate', 'Heart_001')).toMatchObject({
      value: 72,
      unit: 'bpm',
      timestamp: new Date(date),
    });
  });

  it('stores a blood pressure sent over gRPC', async () => {
    const client = createSensorClient(gateway.grpcAddress);
    try {
      await new Promise<void>((resolve, reject) =>
        client.SendPressure(
          { sensor_id: 'Press_001', systolic: 120.3, diastolic: 80.1, unit: 'mmHg', date },
          { deadline: Date.now() + 10_000 },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
    } finally {
      client.close();
    }
    expect(await rowOf('pressure', 'Press_001')).toMatchObject({
      systolic: '120.3',
      diastolic: '80.1',
      unit: 'mmHg',
      timestamp: new Date(date),
    });
  });
});
