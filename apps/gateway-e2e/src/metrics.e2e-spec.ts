import {
  GrpcDevice,
  Mosquitto,
  MqttCollector,
  postTemperature,
  TestGateway,
  WsDevice,
  type MetricsScrape,
} from '@healthcare/testing';
import { heartRate, pressure, temperature } from './support/readings.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** GET /metrics after known traffic on every protocol: exact counts, behind the operator's token. */
describe('gateway: GET /metrics', () => {
  let broker: Mosquitto;
  let collector: MqttCollector;
  let gateway: TestGateway;
  let grpc: GrpcDevice;
  let ws: WsDevice;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    // MQTT 5, to see the user properties the gateway sends
    collector = await MqttCollector.start(broker.url, ['#'], { protocolVersion: 5 });
    gateway = await TestGateway.start(broker.url, { auth: 'off' });
    grpc = new GrpcDevice(gateway.grpcAddress);
    ws = await WsDevice.connect(gateway.wsUrl);
  }, 60_000);
  afterAll(async () => {
    ws?.close();
    grpc?.close();
    await gateway?.stop();
    await collector?.close();
    await broker?.dispose();
  }, 30_000);

  const get = (headers: Record<string, string> = {}) =>
    fetch(`${gateway.httpUrl}/metrics`, { headers });

  it('answers 401 without the operator token, or with another one', async () => {
    const wrong: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-token' }];
    for (const headers of wrong) {
      const response = await get(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toMatch(/healthcare_/);
    }
    const response = await get({ authorization: `Bearer ${gateway.metricsToken}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/openmetrics-text/);
  });

  it('counts readings received, published and refused by protocol, kind and reason', async () => {
    const device = 'Temp_metrics';
    // REST: 3 published; 2 invalid of one device, 1 malformed, 1 too large
    for (let i = 0; i < 3; i++)
      expect((await postTemperature(gateway.httpUrl, temperature())).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const bad = temperature({ sensor_id: device, value: 99 });
      expect((await postTemperature(gateway.httpUrl, bad)).status).toBe(400);
    }
    expect((await postRaw('{"sensor_id": ')).status).toBe(400);
    expect((await postRaw(JSON.stringify(temperature({ pad: 'x'.repeat(20_000) })))).status).toBe(
      413,
    );
    // WebSocket: 2 published, 1 invalid
    for (let i = 0; i < 2; i++)
      expect(await ws.request(heartRate())).toMatchObject({ status: 'received' });
    expect(await ws.request(heartRate({ value: 1000 }))).toMatchObject({
      error: 'invalid_reading',
    });
    // gRPC: 1 published, 1 invalid
    await expect(grpc.sendPressure(pressure())).resolves.toEqual({});
    await grpc.failure(pressure({ systolic: 500 }));

    const m = await gateway.metrics();
    const count = (name: string, labels: Record<string, string>) =>
      m.value(`healthcare_gateway_${name}`, labels);
    const rest = { protocol: 'rest', kind: 'temperature' };
    const websocket = { protocol: 'websocket', kind: 'heartRate' };
    const grpcLabels = { protocol: 'grpc', kind: 'pressure' };
    expect([rest, websocket, grpcLabels].map((l) => count('readings_published_total', l))).toEqual([
      3, 2, 1,
    ]);
    expect([rest, websocket, grpcLabels].map((l) => count('readings_received_total', l))).toEqual([
      7, 3, 2,
    ]);
    expect(refusals(m)).toEqual({
      'rest temperature invalid_reading': 2,
      'rest temperature malformed_json': 1,
      'rest temperature too_large': 1,
      'websocket heartRate invalid_reading': 1,
      'grpc pressure invalid_reading': 1,
    });
    expect(m.value('healthcare_gateway_publish_duration_seconds_count')).toBe(6);
    expect(m.value('healthcare_gateway_broker_connected')).toBe(1);
    expect(m.value('healthcare_gateway_pending_publishes')).toBe(0);
    // declared for the device authentication, which counts there
    expect(m.names).toContain('healthcare_gateway_auth_refusals_total');
    expect(m.names).toContain('healthcare_process_cpu_seconds_total');

    // one log line for the device's two invalid readings
    const lines = gateway
      .output()
      .match(new RegExp(`device ${device}: temperature readings refused`, 'g'));
    expect(lines).toHaveLength(1);

    // every published reading carried its own id to the broker
    await collector.waitForCount(6);
    const ids = collector.messages.map((message) => message.readingId);
    expect(ids.filter((id) => typeof id === 'string' && UUID.test(id))).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  function postRaw(body: string): Promise<Response> {
    return fetch(`${gateway.httpUrl}/temperature`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  }
});

/** Refused counts by "protocol kind reason", leaving out those at zero. */
function refusals(m: MetricsScrape): Record<string, number> {
  const found: Record<string, number> = {};
  for (const s of m.samples) {
    if (s.name !== 'healthcare_gateway_readings_refused_total' || s.value === 0) continue;
    found[`${s.labels.protocol} ${s.labels.kind} ${s.labels.reason}`] = s.value;
  }
  return found;
}
