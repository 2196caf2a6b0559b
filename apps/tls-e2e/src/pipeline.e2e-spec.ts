import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ReadingKind } from '@healthcare/contracts';
import { createGenerator } from '@healthcare/sensors';
import {
  GrpcDevice,
  ManagedProcess,
  Mosquitto,
  TestCertificates,
  TestGateway,
  TestPostgres,
  TestSubscriber,
  WsDevice,
  httpRequest,
  postTemperature,
  query,
  readingKey,
  sensorEnv,
  startTestApp,
  storedKeys,
  waitFor,
} from '@healthcare/testing';
import mqtt from 'mqtt';

/**
 * Every hop over TLS: devices to the gateway (HTTPS, WSS, gRPC over TLS), the gateway and the
 * subscriber to Mosquitto (mqtts), the subscriber to PostgreSQL (sslmode=verify-full), with
 * certificates made by `pnpm certs`; and every one of those ports refusing plain text.
 */
describe('TLS on every hop', () => {
  let certs: TestCertificates;
  let broker: Mosquitto;
  let postgres: TestPostgres;
  let databaseUrl: string;
  let subscriber: TestSubscriber;
  let gateway: TestGateway;

  beforeAll(async () => {
    certs = await TestCertificates.make();
    broker = await Mosquitto.start({ tls: certs.server });
    postgres = await TestPostgres.start({ tls: certs.server });
    databaseUrl = postgres.verifyFullUrl('healthcare', certs.caFile);
    subscriber = await TestSubscriber.start({
      MQTT_URL: broker.url,
      MQTT_CA_FILE: certs.caFile,
      DATABASE_URL: databaseUrl,
    });
    gateway = await TestGateway.start(broker.url, {
      auth: 'off',
      env: {
        MQTT_CA_FILE: certs.caFile,
        TLS_CERT_FILE: certs.server.certFile,
        TLS_KEY_FILE: certs.server.keyFile,
      },
      tls: { ca: certs.ca },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await subscriber?.app.stop();
    await broker?.dispose();
    await postgres?.dispose();
    certs?.dispose();
  });

  it('stores readings sent over HTTPS, WSS and gRPC over TLS', async () => {
    const tls = gateway.tls;
    expect(broker.url).toMatch(/^mqtts:/);
    expect(gateway.httpUrl).toMatch(/^https:/);
    const temperature = createGenerator('temperature')('Temp_tls');
    const heartRate = createGenerator('heartRate')('Heart_tls');
    const pressure = createGenerator('pressure')('Press_tls');

    const rest = await postTemperature(gateway.httpUrl, temperature, 10_000, undefined, tls);
    expect(rest).toMatchObject({ status: 200, body: { status: 'received' } });
    const ws = await WsDevice.connect(gateway.wsUrl, { tls });
    try {
      expect(await ws.request(heartRate)).toMatchObject({ status: 'received' });
    } finally {
      ws.close();
    }
    const grpc = new GrpcDevice(gateway.grpcAddress, undefined, tls);
    try {
      await expect(grpc.sendPressure(pressure)).resolves.toEqual({});
    } finally {
      grpc.close();
    }

    const sent: [ReadingKind, { sensor_id: string; date: string }][] = [
      ['temperature', temperature],
      ['heartRate', heartRate],
      ['pressure', pressure],
    ];
    for (const [kind, reading] of sent) {
      await waitFor(
        async () => (await storedKeys(databaseUrl, kind)).includes(readingKey(reading)),
        {
          timeoutMs: 20_000,
          what: `the ${kind} reading stored`,
        },
      );
    }
    const [connection] = await query<{ ssl: boolean }>(
      databaseUrl,
      'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
    );
    expect(connection.ssl).toBe(true);
  });

  it.each([
    ['temperature', 'sensor-temperature', 'Temp_app'],
    ['heartRate', 'sensor-heartrate', 'Heart_app'],
    ['pressure', 'sensor-pressure', 'Press_app'],
  ] as const)(
    'a sensor app given TLS_CA_FILE sends %s readings over TLS',
    async (kind, app, id) => {
      const sensor = startTestApp(app, {
        ...sensorEnv(gateway.ports),
        TLS_CA_FILE: certs.caFile,
        SENSOR_ID: id,
        INTERVAL_MS: '200',
      });
      try {
        await waitFor(
          async () => (await storedKeys(databaseUrl, kind)).some((key) => key.startsWith(`${id}@`)),
          { timeoutMs: 30_000, what: `a ${kind} reading of ${id} stored` },
        );
      } finally {
        await sensor.stop();
      }
    },
  );

  it.each(['temperature', 'heartRate', 'pressure'])(
    'pnpm send --ca sends a %s reading over TLS',
    async (kind) => {
      const send = ManagedProcess.spawn({
        name: 'send',
        command: process.execPath,
        args: [
          'tools/send/dist/main.js',
          kind,
          '--sensor',
          'Manual_tls',
          '--ca',
          certs.caFile,
          '--http-port',
          String(gateway.ports.http),
          '--grpc-port',
          String(gateway.ports.grpc),
        ],
        env: { PATH: process.env.PATH },
      });
      expect(await send.exited).toBe(0);
      expect(send.output()).toMatch(/"status": (200|"received"|"OK")/);
    },
  );

  it('refuses plain HTTP and a plain WebSocket on the HTTPS port', async () => {
    const plain = `http://127.0.0.1:${gateway.ports.http}`;
    await expect(httpRequest(`${plain}/health`, { timeoutMs: 5000 })).rejects.toThrow();
    await expect(
      postTemperature(plain, createGenerator('temperature')('Temp_plain'), 5000),
    ).rejects.toThrow();
    await expect(
      WsDevice.connect(`ws://127.0.0.1:${gateway.ports.http}/heartrate`),
    ).rejects.toThrow();
  });

  it('refuses plaintext gRPC on the gRPC port', async () => {
    const grpc = new GrpcDevice(gateway.grpcAddress);
    try {
      await expect(
        grpc.sendPressure(createGenerator('pressure')('Press_plain'), 5000),
      ).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    } finally {
      grpc.close();
    }
  });

  it('is not trusted by a client without our CA', async () => {
    await expect(httpRequest(`${gateway.httpUrl}/health`, { timeoutMs: 5000 })).rejects.toThrow(
      /unable to verify the first certificate/,
    );
  });

  it('refuses plain MQTT on the broker and a connection without TLS on PostgreSQL', async () => {
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
        reconnectPeriod: 0,
        connectTimeout: 5000,
      }),
    ).rejects.toThrow();
    await expect(
      query(`${postgres.url('healthcare')}?sslmode=disable`, 'SELECT 1'),
    ).rejects.toThrow(/no encryption/);
    // and with TLS, the server's certificate is checked against our CA
    await expect(query(databaseUrl, 'SELECT 1')).resolves.toEqual([{ '?column?': 1 }]);
  });
});
