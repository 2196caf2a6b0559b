import {
  createTestDatabase,
  GrpcDevice,
  Mosquitto,
  postTemperature,
  query,
  TestGateway,
  TestRegistry,
  TestSubscriber,
  waitFor,
  WsDevice,
  type TestDatabase,
} from '@healthcare/testing';

/**
 * The whole path: registered device (its token) → gateway (REST, WebSocket, gRPC) → Mosquitto →
 * subscriber → PostgreSQL.
 */
describe('gateway and subscriber together', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  let gateway: TestGateway;
  let subscriber: TestSubscriber;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('subscriber')]);
    const registry = await TestRegistry.open(db.url);
    tokens.Temp_001 = await registry.add('Temp_001', 'temperature');
    tokens.Heart_001 = await registry.add('Heart_001', 'heartRate');
    tokens.Press_001 = await registry.add('Press_001', 'pressure');
    await registry.close();
    gateway = await TestGateway.start(broker.url, { auth: { databaseUrl: db.url } });
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
    const answer = await postTemperature(
      gateway.httpUrl,
      { sensor_id: 'Temp_001', value: 36.62, unit: 'C', date },
      10_000,
      tokens.Temp_001,
    );
    expect(answer.status).toBe(200);
    expect(await rowOf('temperature', 'Temp_001')).toMatchObject({
      value: '36.62',
      unit: 'C',
      timestamp: new Date(date),
    });
  });

  it('stores a heart rate sent over WebSocket', async () => {
    const device = await WsDevice.connect(gateway.wsUrl, { token: tokens.Heart_001 });
    const answer = await device.request({ sensor_id: 'Heart_001', value: 72, unit: 'bpm', date });
    expect(answer).toMatchObject({ status: 'received', sensor_id: 'Heart_001' });
    device.close();
    expect(await rowOf('heart_rate', 'Heart_001')).toMatchObject({
      value: 72,
      unit: 'bpm',
      timestamp: new Date(date),
    });
  });

  it('stores a blood pressure sent over gRPC', async () => {
    const device = new GrpcDevice(gateway.grpcAddress, tokens.Press_001);
    try {
      await device.sendPressure({
        sensor_id: 'Press_001',
        systolic: 120.3,
        diastolic: 80.1,
        unit: 'mmHg',
        date,
      });
    } finally {
      device.close();
    }
    expect(await rowOf('pressure', 'Press_001')).toMatchObject({
      systolic: '120.3',
      diastolic: '80.1',
      unit: 'mmHg',
      timestamp: new Date(date),
    });
  });
});
