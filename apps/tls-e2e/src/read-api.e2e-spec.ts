import { createGenerator } from '@healthcare/sensors';
import {
  Mosquitto,
  TestApi,
  TestCertificates,
  TestGateway,
  TestPostgres,
  TestSubscriber,
  httpRequest,
  postTemperature,
  readerToken,
  readingKey,
  storedKeys,
  waitFor,
} from '@healthcare/testing';
import { connect } from 'node:net';

const temperature = createGenerator('temperature');

/**
 * The read side over TLS, as compose runs it: the API (reader tokens, JSON, FHIR, the live page
 * and its stream) and the subscriber's /health and /metrics serve HTTPS with the certificate of
 * `pnpm certs` (TLS_CERT_FILE, TLS_KEY_FILE), and their ports refuse plain text.
 */
describe('the read API and the subscriber over TLS', () => {
  let certs: TestCertificates;
  let broker: Mosquitto;
  let postgres: TestPostgres;
  let databaseUrl: string;
  let subscriber: TestSubscriber;
  let gateway: TestGateway;
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    certs = await TestCertificates.make();
    const server = {
      TLS_CERT_FILE: certs.server.certFile,
      TLS_KEY_FILE: certs.server.keyFile,
    };
    [broker, postgres] = await Promise.all([
      Mosquitto.start({ tls: certs.server }),
      TestPostgres.start({ tls: certs.server }),
    ]);
    databaseUrl = postgres.verifyFullUrl('healthcare', certs.caFile);
    subscriber = await TestSubscriber.start({
      MQTT_URL: broker.url,
      MQTT_CA_FILE: certs.caFile,
      DATABASE_URL: databaseUrl,
      ...server,
    });
    gateway = await TestGateway.start(broker.url, {
      auth: 'off',
      env: { MQTT_CA_FILE: certs.caFile, ...server },
      tls: { ca: certs.ca },
    });
    api = await TestApi.start({ DATABASE_URL: databaseUrl, ...server }, { ca: certs.ca });
    token = await readerToken(databaseUrl, 'ward-tls');
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([api?.stop(), gateway?.stop(), subscriber?.app.stop()]);
    await Promise.allSettled([broker?.dispose(), postgres?.dispose()]);
    certs?.dispose();
  });

  /** Sends a reading over HTTPS through the gateway and waits until it is stored. */
  async function stored(reading: ReturnType<typeof temperature>): Promise<void> {
    const answer = await postTemperature(gateway.httpUrl, reading, 10_000, undefined, gateway.tls);
    expect(answer.status).toBe(200);
    await waitFor(
      async () => (await storedKeys(databaseUrl, 'temperature')).includes(readingKey(reading)),
      { timeoutMs: 20_000, what: `the reading of ${reading.sensor_id} stored` },
    );
  }

  /** The device has been worn by the patient for the last hour (POST /assignments, over HTTPS). */
  async function assign(sensorId: string, patient: string): Promise<void> {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const assigned = await api.post('/assignments', { sensor_id: sensorId, patient, from }, token);
    expect(assigned.status).toBe(201);
  }

  it('serves a stored reading over HTTPS, as JSON and as FHIR with https links', async () => {
    expect(api.url).toMatch(/^https:/);
    // an Observation's subject is the patient who wore the device
    await assign('Temp_api', 'bed-api');
    const reading = temperature('Temp_api');
    await stored(reading);

    const json = await api.get<{ items: { value: number; timestamp: string }[] }>(
      '/readings/temperature?device=Temp_api',
      token,
    );
    expect(json.status).toBe(200);
    expect(json.body.items).toHaveLength(1);
    expect(json.body.items[0].value).toBe(reading.value);

    const fhir = await api.get<{ entry: { fullUrl: string }[] }>(
      '/fhir/Observation?device=Device/Temp.api',
      token,
    );
    expect(fhir.status).toBe(200);
    expect(fhir.body.entry).toHaveLength(1);
    expect(fhir.body.entry[0].fullUrl).toMatch(
      new RegExp(`^https://127\\.0\\.0\\.1:${api.port}/fhir/Observation/`),
    );
    // and without a token, 401 as over plain HTTP
    expect((await api.get('/devices')).status).toBe(401);
  });

  it('serves the live page and its event stream over HTTPS', async () => {
    const page = await api.get<string>('/page/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    await assign('Temp_bed', 'bed-tls');
    const stream = await api.openStream('/live', token);
    try {
      expect(stream.status).toBe(200);
      await stored(temperature('Temp_bed'));
      await waitFor(() => stream.events.some((event) => event.includes('"bed-tls"')), {
        timeoutMs: 20_000,
        what: 'a live event with the vitals of bed-tls',
      });
    } finally {
      stream.close();
    }
  });

  it("refuses plain HTTP on the API's port: no answer in clear, with or without a token", async () => {
    const plain = `http://127.0.0.1:${api.port}`;
    await expect(httpRequest(`${plain}/health`, { timeoutMs: 5000 })).rejects.toThrow();
    await expect(
      httpRequest(`${plain}/devices`, {
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: 5000,
      }),
    ).rejects.toThrow();
    // what the port sends back to a plain request: no HTTP status line, no data
    expect(await rawAnswer(api.port, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n')).not.toMatch(
      /HTTP\/1\.1/,
    );
  });

  it('is not trusted by a client without our CA', async () => {
    await expect(httpRequest(`${api.url}/health`, { timeoutMs: 5000 })).rejects.toThrow(
      /unable to verify the first certificate/,
    );
  });

  it("serves the subscriber's /health and /metrics over HTTPS only", async () => {
    const secure = `https://127.0.0.1:${subscriber.httpPort}`;
    const tls = { ca: certs.ca };
    expect((await httpRequest(`${secure}/health`, { tls })).status).toBe(200);
    const metrics = await httpRequest(`${secure}/metrics`, {
      tls,
      headers: { authorization: `Bearer ${subscriber.metricsToken}` },
    });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/healthcare_subscriber_readings_stored_total/);
    await expect(
      httpRequest(`http://127.0.0.1:${subscriber.httpPort}/health`, { timeoutMs: 5000 }),
    ).rejects.toThrow();
  });
});

/** Everything a port sends back to `request` written in clear, until it closes the connection. */
function rawAnswer(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('the port kept the connection open')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(err),
    );
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}
