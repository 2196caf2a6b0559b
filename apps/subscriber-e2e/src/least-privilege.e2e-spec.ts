import {
  createTestDatabase,
  expectStoredExactlyOnce,
  generatedBrokerSettings,
  migrateWithRoles,
  Mosquitto,
  postTemperature,
  publishAll,
  query,
  subscriberUsernames,
  TestGateway,
  TestRegistry,
  TestSubscriber,
  waitFor,
  type BrokerAccessSettings,
  type RoleUrls,
  type TestDatabase,
  loginUrl,
} from '@healthcare/testing';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { expectedReadings, mixedStream } from './support.js';

const DEVICE_PASSWORD = 'device-password-0123456789';

/** Each service's login and role, tried as an intruder would: every refusal is the broker's or the database's. */
describe('least privilege: the broker (Mosquitto as compose runs it)', () => {
  let broker: Mosquitto;
  let access: BrokerAccessSettings;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    access = generatedBrokerSettings({
      MQTT_DEVICE_USERS: `Temp_042:temperature:${DEVICE_PASSWORD}`,
    });
    broker = await Mosquitto.start({ access });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  });

  afterAll(async () => {
    await broker?.dispose();
  });

  type Login = 'gateway' | 'subscriber' | 'device';
  const login = (who: Login): IClientOptions =>
    ({
      gateway: { username: access.MQTT_GATEWAY_USERNAME, password: access.MQTT_GATEWAY_PASSWORD },
      subscriber: {
        username: access.MQTT_SUBSCRIBER_USERNAME,
        password: access.MQTT_SUBSCRIBER_PASSWORD,
      },
      device: { username: 'Temp_042', password: DEVICE_PASSWORD },
    })[who];

  /** An MQTT 5 client (so that refused publishes show their reason code). */
  async function connect(options: IClientOptions): Promise<MqttClient> {
    const client = await mqtt.connectAsync(broker.url, {
      protocolVersion: 5,
      reconnectPeriod: 0,
      ...options,
    });
    clients.push(client);
    return client;
  }

  const received = (client: MqttClient) => {
    const topics: string[] = [];
    client.on('message', (topic) => topics.push(topic));
    return topics;
  };

  /**
   * Publishes a QoS 1 message on the client's own connection and waits for its PUBACK: whatever
   * the broker routed to this client before, it wrote to the connection before that PUBACK.
   */
  const roundTrip = (client: MqttClient, topic: string) =>
    client.publishAsync(topic, 'marker', { qos: 1 });

  it('refuses a client without a login, or with a wrong password', async () => {
    await expect(connect({})).rejects.toThrow(/Not authorized/);
    await expect(
      connect({ username: access.MQTT_GATEWAY_USERNAME, password: 'not-the-password' }),
    ).rejects.toThrow(/Not authorized|Bad User Name or Password/);
  });

  it('gives the gateway login nothing to read: a subscription to # receives no reading', async () => {
    const subscriber = await connect({ ...login('subscriber'), clientId: 'subscriber' });
    await subscriber.subscribeAsync(['temperature', 'temperature/+'], { qos: 1 });
    const stored = received(subscriber);

    const gateway = await connect(login('gateway'));
    const granted = await gateway.subscribeAsync(['#', 'temperature'], { qos: 1 });
    const eavesdropped = received(gateway);

    const device = await connect(login('device'));
    await device.publishAsync('temperature/Temp_042', '{"sensor_id":"Temp_042"}', { qos: 1 });
    await waitFor(() => stored.length === 1, { what: 'the reading at the subscriber' });
    // Mosquitto 2.0 grants the subscription and then delivers nothing through it
    expect(granted.map((g) => g.topic)).toEqual(['#', 'temperature']);
    await roundTrip(gateway, 'temperature');
    expect(eavesdropped).toEqual([]);
  });

  it('lets each login publish only its own topics', async () => {
    const gateway = await connect(login('gateway'));
    await expect(roundTrip(gateway, 'temperature')).resolves.toBeDefined();
    await expect(roundTrip(gateway, 'heartRate')).resolves.toBeDefined();
    await expect(roundTrip(gateway, 'alarms')).rejects.toThrow(/Not authorized/);
    await expect(roundTrip(gateway, 'alerts')).rejects.toThrow(/Not authorized/);

    // the subscriber publishes alert changes and acknowledgements, and no reading
    const subscriber = await connect(login('subscriber'));
    await expect(roundTrip(subscriber, 'alerts')).resolves.toBeDefined();
    await expect(roundTrip(subscriber, 'temperature')).rejects.toThrow(/Not authorized/);

    // a device that publishes straight to the broker: its own topic only, named by its sensor_id
    const device = await connect(login('device'));
    await expect(roundTrip(device, 'temperature/Temp_042')).resolves.toBeDefined();
    await expect(roundTrip(device, 'temperature/Temp_043')).rejects.toThrow(/Not authorized/);
    await expect(roundTrip(device, 'temperature')).rejects.toThrow(/Not authorized/);
    await expect(roundTrip(device, 'pressure/Temp_042')).rejects.toThrow(/Not authorized/);
    await expect(roundTrip(gateway, 'temperature/Temp_042')).rejects.toThrow(/Not authorized/);
  });

  it("does not let another login take the subscriber's session by its client id", async () => {
    const sessionOptions = {
      ...login('subscriber'),
      clientId: access.MQTT_SUBSCRIBER_USERNAME,
      clean: false,
      properties: { sessionExpiryInterval: 600 },
    };
    const first = await connect(sessionOptions);
    await first.subscribeAsync(['temperature', 'temperature/+'], { qos: 1 });
    await first.endAsync();

    // readings queue in the subscriber's session while it is away
    const gateway = await connect(login('gateway'));
    for (let i = 0; i < 3; i++) await roundTrip(gateway, 'temperature');

    const intruder = await connect({
      ...login('device'),
      clientId: access.MQTT_SUBSCRIBER_USERNAME,
      clean: false,
      properties: { sessionExpiryInterval: 600 },
    });
    const stolen = received(intruder);
    await roundTrip(intruder, 'temperature/Temp_042');
    expect(stolen).toEqual([]);

    // the subscriber comes back to its session with everything queued in it
    const back = mqtt.connect(broker.url, {
      protocolVersion: 5,
      reconnectPeriod: 0,
      ...sessionOptions,
    });
    clients.push(back);
    const queued = received(back);
    await waitFor(() => queued.length >= 4, { what: 'the queued readings, and the marker' });
    expect(back.connected).toBe(true);
    expect(intruder.connected).toBe(true);
  });
});

describe('least privilege: the database roles', () => {
  let db: TestDatabase;
  let roles: RoleUrls;

  beforeAll(async () => {
    db = await createTestDatabase('privilege');
    roles = await migrateWithRoles(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const insert = `INSERT INTO temperature (sensor_id, value, unit, "timestamp")
    VALUES ('Temp_001', 36.6, 'C', now()) RETURNING id`;

  it('lets the writer insert and read readings, and nothing more', async () => {
    await expect(query(roles.writer, insert)).resolves.toHaveLength(1);
    await expect(query(roles.writer, 'SELECT count(*) FROM temperature')).resolves.toEqual([
      { count: '1' },
    ]);
    for (const [statement, refusal] of [
      ['DELETE FROM temperature', /permission denied for table temperature/],
      ['UPDATE temperature SET value = 40', /permission denied for table temperature/],
      ['TRUNCATE temperature', /permission denied for table temperature/],
      ['DROP TABLE temperature', /must be owner of table temperature/],
      ["COPY temperature TO PROGRAM 'id'", /pg_execute_server_program/],
      ["COPY temperature FROM '/etc/passwd'", /pg_read_server_files/],
      ['CREATE TABLE intruder (a int)', /permission denied for schema public/],
      ['ALTER TABLE temperature ADD COLUMN b int', /must be owner of table temperature/],
    ] as const) {
      await expect(query(roles.writer, statement)).rejects.toThrow(refusal);
    }
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM temperature')).toEqual([{ n: 1 }]);
  });

  it('lets the reader only read the readings', async () => {
    await expect(query(roles.reader, 'SELECT count(*) FROM heart_rate')).resolves.toHaveLength(1);
    await expect(query(roles.reader, insert)).rejects.toThrow(/permission denied/);
    await expect(query(roles.reader, 'SELECT * FROM rejected_message')).rejects.toThrow(
      /permission denied/,
    );
  });

  it('gives no role a power over the server', async () => {
    const rows = await query<{ rolname: string; powers: boolean }>(
      db.url,
      `SELECT rolname, rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls AS powers
       FROM pg_roles WHERE rolname LIKE $1 ORDER BY rolname`,
      [`${db.name}\\_%`],
    );
    expect(rows).toEqual(
      ['reader', 'registry', 'writer'].map((r) => ({ rolname: `${db.name}_${r}`, powers: false })),
    );
  });
});

describe('least privilege: the pipeline with these logins and roles', () => {
  let access: BrokerAccessSettings;
  let broker: Mosquitto;
  let db: TestDatabase;
  let roles: RoleUrls;
  let gateway: TestGateway | undefined;
  let subscriber: TestSubscriber | undefined;
  let device: MqttClient | undefined;

  beforeAll(async () => {
    access = generatedBrokerSettings({
      MQTT_DEVICE_USERS: `Temp_042:temperature:${DEVICE_PASSWORD}`,
    });
    [broker, db] = await Promise.all([
      Mosquitto.start({ access }),
      createTestDatabase('privilege'),
    ]);
    roles = await migrateWithRoles(db);
    // the subscriber's login in MQTT_URL, the gateway's in MQTT_USERNAME / MQTT_PASSWORD
    subscriber = await TestSubscriber.start({
      MQTT_URL: loginUrl(
        broker.url,
        access.MQTT_SUBSCRIBER_USERNAME,
        access.MQTT_SUBSCRIBER_PASSWORD,
      ),
      DATABASE_URL: roles.writer,
    });
  });

  afterAll(async () => {
    await device?.endAsync(true);
    await Promise.all([gateway?.stop(), subscriber?.app.stop()]);
    await broker?.dispose();
    await db?.drop();
  });

  it('stores readings sent to the gateway (its registry read as the registry role), written by the writer role', async () => {
    // the gateway reads the device registry as the registry role
    const registry = await TestRegistry.open(db.url);
    const token = await registry.add('Temp_007', 'temperature').finally(() => registry.close());
    gateway = await TestGateway.start(broker.url, {
      auth: { databaseUrl: roles.registry },
      env: {
        MQTT_USERNAME: access.MQTT_GATEWAY_USERNAME,
        MQTT_PASSWORD: access.MQTT_GATEWAY_PASSWORD,
      },
    });

    const date = new Date(Date.now() - 60_000).toISOString();
    const answer = await postTemperature(
      gateway.httpUrl,
      {
        sensor_id: 'Temp_007',
        value: 37.1,
        unit: 'C',
        date,
      },
      10_000,
      token,
    );
    expect(answer.status).toBe(200);
    const row = await waitFor(
      async () =>
        (await query(roles.reader, "SELECT * FROM temperature WHERE sensor_id = 'Temp_007'"))[0],
      { timeoutMs: 20_000, what: 'the stored temperature' },
    );
    expect(row).toMatchObject({ sensor_id: 'Temp_007', value: '37.10' });
    expect((await subscriber!.health()).status).toBe(200);
  });

  it("stores a device's own readings from its topic, and none in another sensor's name", async () => {
    device = await mqtt.connectAsync(broker.url, {
      protocolVersion: 5,
      reconnectPeriod: 0,
      username: 'Temp_042',
      password: DEVICE_PASSWORD,
    });
    const reading = (sensorId: string, value: number) =>
      JSON.stringify({
        sensor_id: sensorId,
        value,
        unit: 'C',
        date: new Date(Date.now() - 30_000).toISOString(),
      });
    // another sensor's topic: refused by the broker, so the subscriber never sees it
    await expect(
      device.publishAsync('temperature/Temp_043', reading('Temp_043', 38.1), { qos: 1 }),
    ).rejects.toThrow(/Not authorized/);
    // its own topic, in another sensor's name: taken by the broker, refused by the subscriber
    const forged = reading('Temp_043', 38.2);
    await device.publishAsync('temperature/Temp_042', forged, { qos: 1 });
    await device.publishAsync('temperature/Temp_042', reading('Temp_042', 36.9), { qos: 1 });

    const rejected = await waitFor(
      async () => {
        const rows = await query<{ topic: string; payload: string; reason: string }>(
          db.url,
          'SELECT topic, payload, reason FROM rejected_message',
        );
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 20_000, what: 'the forged reading in rejected_message' },
    );
    expect(rejected).toEqual([
      {
        topic: 'temperature/Temp_042',
        payload: forged,
        reason: expect.stringMatching(
          /^sensor_id "Temp_043" is not the device of topic "temperature\/Temp_042" \(Temp_042\)/,
        ) as unknown,
      },
    ]);
    const own = await waitFor(
      async () =>
        (await query(roles.reader, "SELECT * FROM temperature WHERE sensor_id = 'Temp_042'"))[0],
      { timeoutMs: 20_000, what: "the device's own reading" },
    );
    expect(own).toMatchObject({ sensor_id: 'Temp_042', value: '36.90' });
    expect(
      await query(
        db.url,
        `SELECT sensor_id FROM temperature WHERE sensor_id = 'Temp_043'
         UNION ALL SELECT sensor_id FROM pressure WHERE sensor_id = 'Temp_043'
         UNION ALL SELECT sensor_id FROM heart_rate WHERE sensor_id = 'Temp_043'`,
      ),
    ).toEqual([]);
  });
});

describe('least privilege: subscriber replicas, each with its own login', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  const replicas: TestSubscriber[] = [];

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.app.stop()));
    await broker?.dispose();
    await db?.drop();
  });

  it('keeps both replicas connected and shares the readings between them, each stored once', async () => {
    const access = generatedBrokerSettings({ MQTT_SUBSCRIBER_REPLICAS: 2 });
    [broker, db] = await Promise.all([
      Mosquitto.start({ access }),
      createTestDatabase('privilege'),
    ]);
    const roles = await migrateWithRoles(db);
    replicas.push(
      ...(await Promise.all(
        subscriberUsernames(access).map((username) =>
          TestSubscriber.start({
            MQTT_URL: broker.url,
            MQTT_USERNAME: username,
            MQTT_PASSWORD: access.MQTT_SUBSCRIBER_PASSWORD,
            MQTT_CLIENT_ID: username,
            MQTT_SHARED_GROUP: 'storers',
            DATABASE_URL: roles.writer,
          }),
        ),
      )),
    );
    expect(replicas).toHaveLength(2);

    const stream = mixedStream(300);
    await publishAll(
      loginUrl(broker.url, access.MQTT_GATEWAY_USERNAME, access.MQTT_GATEWAY_PASSWORD),
      stream,
    );
    await expectStoredExactlyOnce(db.url, expectedReadings(stream));

    const metrics = await Promise.all(replicas.map((replica) => replica.metrics()));
    for (const [i, m] of metrics.entries()) {
      expect({ replica: i + 1, broker: m.broker, received: m.received > 0 }).toEqual({
        replica: i + 1,
        broker: 'connected',
        received: true,
      });
    }
    // each reading reached one replica only
    expect(metrics.reduce((sum, m) => sum + m.received, 0)).toBe(stream.length);
    expect(metrics.reduce((sum, m) => sum + m.inserted, 0)).toBe(stream.length);
    // neither took the other's session: each connected once and never lost the broker
    for (const replica of replicas) {
      expect(replica.app.output().match(/connected to the MQTT broker/g)).toHaveLength(1);
      expect(replica.app.output()).not.toMatch(/lost the MQTT broker/);
    }
  });
});
