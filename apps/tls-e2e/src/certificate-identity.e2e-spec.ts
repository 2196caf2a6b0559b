import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { ClientTls } from '@healthcare/config';
import type { ReadingKind } from '@healthcare/contracts';
import type { SensorData } from '@healthcare/proto';
import { createGenerator } from '@healthcare/sensors';
import {
  GrpcDevice,
  Mosquitto,
  MqttCollector,
  TestCertificates,
  TestGateway,
  TestPostgres,
  TestRegistry,
  TestSubscriber,
  WsDevice,
  postTemperature,
  readingKey,
  refusedUpgrade,
  storedKeys,
  waitFor,
} from '@healthcare/testing';

const generate = {
  temperature: createGenerator('temperature'),
  heartRate: createGenerator('heartRate'),
  pressure: createGenerator('pressure'),
};

/**
 * Certificate identity (TLS_CLIENT_CA_FILE with DEVICE_AUTH=required): a device presents a client
 * certificate made by `pnpm certs --device <sensor_id>` instead of a token, and its subject names
 * it in the device registry. The whole pipeline runs (gateway, Mosquitto, subscriber, PostgreSQL);
 * a plain subscriber on `#` sees everything published. Each refusal test ends with a good
 * certificate reading on every protocol and then finds those the only messages published.
 */
describe('certificate identity', () => {
  let certs: TestCertificates;
  let foreign: TestCertificates;
  let broker: Mosquitto;
  let postgres: TestPostgres;
  let databaseUrl: string;
  let registry: TestRegistry;
  let subscriber: TestSubscriber;
  let collector: MqttCollector;
  let gateway: TestGateway;
  const tokens: Record<string, string> = {};

  const devices: [string, ReadingKind][] = [
    ['Temp_C', 'temperature'],
    ['Heart_C', 'heartRate'],
    ['Press_C', 'pressure'],
    ['Temp_off', 'temperature'],
    ['Heart_off', 'heartRate'],
    ['Press_off', 'pressure'],
    ['Heart_cut', 'heartRate'],
    ['Temp_tok', 'temperature'],
    ['Heart_tok', 'heartRate'],
  ];

  beforeAll(async () => {
    const ids = devices.map(([id]) => id);
    [certs, foreign] = await Promise.all([
      TestCertificates.make([...ids, 'Temp_X', 'Heart_X', 'Press_X']),
      TestCertificates.make(['Temp_C', 'Heart_C', 'Press_C']),
    ]);
    [broker, postgres] = await Promise.all([Mosquitto.start(), TestPostgres.start()]);
    databaseUrl = postgres.url('healthcare');
    registry = await TestRegistry.open(databaseUrl);
    for (const [id, kind] of devices) tokens[id] = await registry.add(id, kind);
    for (const id of ['Temp_off', 'Heart_off', 'Press_off']) await registry.disable(id);
    subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: databaseUrl });
    collector = await MqttCollector.start(broker.url, ['#']);
    gateway = await TestGateway.start(broker.url, {
      auth: { databaseUrl },
      env: {
        TLS_CERT_FILE: certs.server.certFile,
        TLS_KEY_FILE: certs.server.keyFile,
        TLS_CLIENT_CA_FILE: certs.caFile,
        WS_ALLOWED_ORIGINS: 'https://ward.example',
      },
      tls: { ca: certs.ca },
    });
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await subscriber?.app.stop();
    await collector?.close();
    await registry?.close();
    await Promise.all([broker?.dispose(), postgres?.dispose()]);
    certs?.dispose();
    foreign?.dispose();
  }, 60_000);

  beforeEach(() => collector.clear());

  const presented = new Map<string, ClientTls>();
  /**
   * Our CA to trust (the gateway's certificate is ours) and the device's certificate from
   * `pnpm certs --device`, made by the CA `of`.
   */
  async function presenting(id: string, of = certs): Promise<ClientTls> {
    const key = `${of === certs ? 'own' : 'foreign'}:${id}`;
    if (!presented.has(key)) {
      presented.set(key, { ...of.clientTls(await of.device(id)), ca: certs.ca });
    }
    return presented.get(key)!;
  }
  /** Only our CA: a client without a certificate. */
  const anonymous = (): ClientTls => ({ ca: certs.ca });

  const post = (body: unknown, tls: ClientTls, token?: string) =>
    postTemperature(gateway.httpUrl, body, 10_000, token, tls);

  async function grpcFailure(tls: ClientTls, reading: SensorData): Promise<ServiceError> {
    const device = new GrpcDevice(gateway.grpcAddress, undefined, tls);
    try {
      return await device.failure(reading);
    } finally {
      device.close();
    }
  }

  /** Sends one reading of the device over WSS with its certificate; the answer frame. */
  async function wsAnswer(tls: ClientTls, reading: unknown): Promise<unknown> {
    const device = await WsDevice.connect(gateway.wsUrl, { tls });
    try {
      return await device.request(reading);
    } finally {
      device.close();
    }
  }

  /** sensor_id of every reading published since the last clear, sorted. */
  const published = () =>
    collector.messages
      .map((m) => (JSON.parse(m.payload) as { sensor_id: string }).sensor_id)
      .sort();

  /**
   * A good reading of Temp_C, Heart_C and Press_C with their certificates, each waited for on the
   * broker: whatever was refused before on the same protocol (and topic) would have arrived first.
   */
  async function sentinels(): Promise<void> {
    const temperature = generate.temperature('Temp_C');
    const heartRate = generate.heartRate('Heart_C');
    const pressure = generate.pressure('Press_C');
    expect(await post(temperature, await presenting('Temp_C'))).toMatchObject({ status: 200 });
    expect(await wsAnswer(await presenting('Heart_C'), heartRate)).toMatchObject({
      status: 'received',
    });
    const grpc = new GrpcDevice(gateway.grpcAddress, undefined, await presenting('Press_C'));
    try {
      await expect(grpc.sendPressure(pressure)).resolves.toEqual({});
    } finally {
      grpc.close();
    }
    for (const sent of [temperature, heartRate, pressure]) await collector.waitForReading(sent);
  }

  it('stores the readings of certificate devices sent over HTTPS, WSS and gRPC without a token; a token still goes first', async () => {
    const temperature = generate.temperature('Temp_C');
    const heartRate = generate.heartRate('Heart_C');
    const pressure = generate.pressure('Press_C');
    const byToken = generate.temperature('Temp_tok');

    expect(await post(temperature, await presenting('Temp_C'))).toMatchObject({
      status: 200,
      body: { status: 'received' },
    });
    expect(await wsAnswer(await presenting('Heart_C'), heartRate)).toMatchObject({
      status: 'received',
      sensor_id: 'Heart_C',
    });
    const grpc = new GrpcDevice(gateway.grpcAddress, undefined, await presenting('Press_C'));
    try {
      await expect(grpc.sendPressure(pressure)).resolves.toEqual({});
    } finally {
      grpc.close();
    }
    // with a token, the token says who sends, whatever certificate the connection has
    expect(await post(byToken, await presenting('Temp_C'), tokens.Temp_tok)).toMatchObject({
      status: 200,
    });

    const sent: [ReadingKind, { sensor_id: string; date: string }][] = [
      ['temperature', temperature],
      ['heartRate', heartRate],
      ['pressure', pressure],
      ['temperature', byToken],
    ];
    for (const [kind, reading] of sent) {
      await waitFor(
        async () => (await storedKeys(databaseUrl, kind)).includes(readingKey(reading)),
        { timeoutMs: 20_000, what: `the ${kind} reading of ${reading.sensor_id} stored` },
      );
    }
  });

  it.each([
    [
      'another CA',
      () => Promise.all(['Temp_C', 'Heart_C', 'Press_C'].map((id) => presenting(id, foreign))),
    ],
    [
      'this CA, expired',
      () =>
        Promise.all(
          ['Temp_C', 'Heart_C', 'Press_C'].map(async (id) =>
            certs.clientTls(await certs.expiredDevice(id)),
          ),
        ),
    ],
  ])(
    'refuses a certificate of %s: cut during the TLS handshake on HTTPS, WSS and gRPC; nothing published',
    async (_, make) => {
      const [temp, heart, press] = await make();
      // the gateway ends the connection once the handshake is done: no answer, not a TLS alert
      const cut = /socket hang up|ECONNRESET/;
      await expect(
        postTemperature(gateway.httpUrl, generate.temperature('Temp_C'), 5000, undefined, temp),
      ).rejects.toThrow(cut);
      await expect(WsDevice.connect(gateway.wsUrl, { tls: heart })).rejects.toThrow(cut);
      // no call reaches the gateway: the channel finds no connection that stays up
      expect(await grpcFailure(press, generate.pressure('Press_C'))).toMatchObject({
        code: GrpcStatus.UNAVAILABLE,
      });
      await sentinels();
      expect(published()).toEqual(['Heart_C', 'Press_C', 'Temp_C']);
    },
  );

  it('refuses the certificate of an unregistered device as unauthenticated on all three; nothing published', async () => {
    const rest = await post(generate.temperature('Temp_X'), await presenting('Temp_X'));
    expect(rest.status).toBe(401);
    expect(rest.headers.get('www-authenticate')).toBe('Bearer');
    expect(rest.body).toMatchObject({
      error: 'unauthenticated',
      message: 'no device Temp_X in the registry: the client certificate names it',
    });

    const upgrade = await refusedUpgrade(gateway.wsUrl, { tls: await presenting('Heart_X') });
    expect(upgrade).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
      body: {
        error: 'unauthenticated',
        message: 'no device Heart_X in the registry: the client certificate names it',
      },
    });

    expect(
      await grpcFailure(await presenting('Press_X'), generate.pressure('Press_X')),
    ).toMatchObject({
      code: GrpcStatus.UNAUTHENTICATED,
      details: 'no device Press_X in the registry: the client certificate names it',
    });
    await sentinels();
    expect(published()).toEqual(['Heart_C', 'Press_C', 'Temp_C']);
  });

  it("refuses a disabled device's certificate as forbidden on all three, and closes its open WebSocket once disabled; nothing published", async () => {
    const rest = await post(generate.temperature('Temp_off'), await presenting('Temp_off'));
    expect(rest).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: 'device Temp_off is disabled' },
    });
    expect(
      await refusedUpgrade(gateway.wsUrl, { tls: await presenting('Heart_off') }),
    ).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: 'device Heart_off is disabled' },
    });
    expect(
      await grpcFailure(await presenting('Press_off'), generate.pressure('Press_off')),
    ).toMatchObject({
      code: GrpcStatus.PERMISSION_DENIED,
      details: 'device Press_off is disabled',
    });

    const open = await WsDevice.connect(gateway.wsUrl, { tls: await presenting('Heart_cut') });
    try {
      expect(await open.request(generate.heartRate('Heart_cut'))).toMatchObject({
        status: 'received',
      });
      await waitFor(() => published().includes('Heart_cut'), { what: "Heart_cut's reading" });
      collector.clear();
      await registry.disable('Heart_cut');
      expect(await open.closed).toEqual({ code: 1008, reason: 'device Heart_cut is disabled' });
    } finally {
      open.close();
    }
    expect(
      await refusedUpgrade(gateway.wsUrl, { tls: await presenting('Heart_cut') }),
    ).toMatchObject({ status: 403 });
    await sentinels();
    expect(published()).toEqual(['Heart_C', 'Press_C', 'Temp_C']);
  });

  it("refuses a certificate device's reading for another sensor_id or of another kind (403); nothing published", async () => {
    const other = await post(generate.temperature('Temp_tok'), await presenting('Temp_C'));
    expect(other).toMatchObject({
      status: 403,
      body: {
        error: 'forbidden',
        message: 'the certificate is device Temp_C\'s; it may not send readings of "Temp_tok"',
      },
    });
    expect(
      await wsAnswer(await presenting('Heart_C'), generate.heartRate('Heart_tok')),
    ).toMatchObject({ status: 'error', error: 'forbidden', sensor_id: 'Heart_tok' });
    expect(await refusedUpgrade(gateway.wsUrl, { tls: await presenting('Temp_C') })).toMatchObject({
      status: 403,
      body: { message: 'device Temp_C may send temperature readings, not heartRate' },
    });
    expect(
      await grpcFailure(await presenting('Heart_C'), generate.pressure('Heart_C')),
    ).toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    await sentinels();
    expect(published()).toEqual(['Heart_C', 'Press_C', 'Temp_C']);
  });

  it('keeps the WebSocket Origin check with device authentication on (403 for a page of another origin)', async () => {
    for (const device of [{ token: tokens.Heart_tok }, { tls: await presenting('Heart_C') }]) {
      await expect(
        WsDevice.connect(gateway.wsUrl, {
          tls: anonymous(),
          ...device,
          headers: { Origin: 'https://evil.example' },
        }),
      ).rejects.toThrow('Unexpected server response: 403');
    }
    const allowed = await WsDevice.connect(gateway.wsUrl, {
      tls: anonymous(),
      token: tokens.Heart_tok,
      headers: { Origin: 'https://ward.example' },
    });
    allowed.close();
    await allowed.closed;
  });
});
