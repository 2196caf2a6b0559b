import type { AlertMessage } from '@healthcare/contracts';
import {
  createTestDatabase,
  Mosquitto,
  MqttCollector,
  postTemperature,
  readerToken,
  TestApi,
  TestCertificates,
  TestGateway,
  TestSubscriber,
  WORKSPACE_ROOT,
  type EventStream,
  type TestDatabase,
} from '@healthcare/testing';
import { readFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTEFACTS, launchChromium } from './browser.js';

const PATIENTS = ['bed-1', 'bed-2', 'bed-3'];
const device = (patient: string) => `temp-${patient}`;
const temperature = (sensor_id: string, value: number) => ({
  sensor_id,
  value,
  unit: 'C',
  date: new Date().toISOString(),
});

/**
 * A nurse's view: sign in, watch the tiles fill, see an alert and acknowledge it; the page, the
 * API and its live stream over HTTPS, as compose serves them.
 */
describe('live page', () => {
  let certs: TestCertificates;
  let broker: Mosquitto;
  let db: TestDatabase;
  let subscriber: TestSubscriber;
  let gateway: TestGateway;
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  let token: string;
  let alerts: MqttCollector;

  beforeAll(async () => {
    [broker, db, certs] = await Promise.all([
      Mosquitto.start(),
      createTestDatabase('page'),
      TestCertificates.make(),
    ]);
    subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: db.url });
    // one at a time: on a loaded machine, starting them together can outlast their start limits
    gateway = await TestGateway.start(broker.url, { auth: 'off' });
    api = await TestApi.start(
      {
        DATABASE_URL: db.url,
        TLS_CERT_FILE: certs.server.certFile,
        TLS_KEY_FILE: certs.server.keyFile,
      },
      { ca: certs.ca },
    );
    browser = await launchChromium(readFileSync(certs.server.certFile));
    token = await readerToken(db.url, 'nurse-1');
    const since = new Date(Date.now() - 3600_000).toISOString();
    for (const patient of PATIENTS) {
      const res = await api.post(
        '/assignments',
        { sensor_id: device(patient), patient, from: since },
        token,
      );
      expect(res.status).toBe(201);
    }
    alerts = await MqttCollector.start(broker.url, ['alerts']);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // the page's own errors belong in the test's output
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await alerts?.close();
    await Promise.all([api?.stop(), gateway?.stop(), subscriber?.app.stop()]);
    await broker?.dispose();
    await db?.drop();
    certs?.dispose();
  });

  it('refuses a wrong token, then signs in and fills the tiles as readings come through the gateway', async () => {
    expect(api.url).toMatch(/^https:/);
    await page.goto(`${api.url}/page/`);
    await page.fill('#token', 'hiot_not-a-token');
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#sign-in-error:has-text("refused")');

    await page.fill('#token', token);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('[data-testid=status]:has-text("live")');
    for (const patient of PATIENTS) await page.waitForSelector(`.tile[data-patient=${patient}]`);

    const values = [36.8, 37.2, 38.4];
    for (const [i, patient] of PATIENTS.entries()) {
      expect(
        (await postTemperature(gateway.httpUrl, temperature(device(patient), values[i]))).status,
      ).toBe(200);
    }
    for (const [i, patient] of PATIENTS.entries()) {
      const value = page.locator(
        `.tile[data-patient=${patient}] .vital[data-parameter=temperature] .value`,
      );
      await value.filter({ hasText: `${values[i]} °C` }).waitFor({ timeout: 15_000 });
    }
    // 38.4 °C scores 1 in NEWS2: its row has that band's colour
    const row = page.locator(`.tile[data-patient=bed-3] .vital[data-parameter=temperature]`);
    await expect(row.getAttribute('class')).resolves.toContain('score-1');
    await page.screenshot({ path: join(ARTEFACTS, 'tiles.png'), fullPage: true });
  });

  it('shows an alert on the page, the alerts topic and the API when a reading crosses a red band, and drops it when acknowledged', async () => {
    alerts.clear();
    const reading = temperature(device('bed-2'), 34.6);
    expect((await postTemperature(gateway.httpUrl, reading)).status).toBe(200);

    const item = page.locator('#alert-list li[data-patient=bed-2][data-cause=temperature]');
    await item.waitFor({ timeout: 15_000 });
    await page
      .locator('.tile[data-patient=bed-2] .vital[data-parameter=temperature].score-3')
      .filter({ hasText: '34.6 °C' })
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTEFACTS, 'alert.png'), fullPage: true });
    await copyFile(join(ARTEFACTS, 'alert.png'), join(WORKSPACE_ROOT, 'docs/live-page.png'));

    const [published] = (await alerts.waitForCount(1)).map(
      (m) => JSON.parse(m.payload) as AlertMessage,
    );
    expect(published).toMatchObject({
      change: 'opened',
      patient: 'bed-2',
      cause: 'temperature',
      value: 34.6,
      score: 3,
      observed_at: reading.date,
    });
    const listed = await api.get<{ items: AlertMessage[] }>('/alerts', token);
    expect(listed.body.items.map((a) => a.id)).toEqual([published.id]);

    await item.locator('button').click();
    await item.waitFor({ state: 'detached', timeout: 15_000 });
    const open = await api.get<{ items: AlertMessage[] }>('/alerts', token);
    expect(open.body.items).toEqual([]);
    const acknowledged = await api.get<{ items: AlertMessage[] }>(
      '/alerts?state=acknowledged',
      token,
    );
    expect(acknowledged.body.items[0]).toMatchObject({
      id: published.id,
      acknowledged_by: 'nurse-1',
    });
    // and other systems learn of it on the alerts topic
    const acknowledgement = (await alerts.waitForCount(2))
      .map((m) => JSON.parse(m.payload) as AlertMessage)
      .find((a) => a.change === 'acknowledged');
    expect(acknowledgement).toMatchObject({
      id: published.id,
      acknowledged_by: 'nurse-1',
      acknowledged_at: acknowledged.body.items[0].acknowledged_at,
    });
    await page.screenshot({ path: join(ARTEFACTS, 'acknowledged.png'), fullPage: true });
  });
  it('shows a value older than VITAL_MAX_AGE_S (default 1 h) as stale: no band colour, not in the partial score, no alert', async () => {
    // bed-4 has worn its device for three hours; its one reading is two hours old and red
    const since = new Date(Date.now() - 3 * 3600_000).toISOString();
    const assigned = await api.post(
      '/assignments',
      { sensor_id: device('bed-4'), patient: 'bed-4', from: since },
      token,
    );
    expect(assigned.status).toBe(201);
    const old = {
      ...temperature(device('bed-4'), 34.0),
      date: new Date(Date.now() - 2 * 3600_000).toISOString(),
    };
    expect((await postTemperature(gateway.httpUrl, old)).status).toBe(200);

    const row = page.locator('.tile[data-patient=bed-4] .vital[data-parameter=temperature]');
    await row.filter({ hasText: '34 °C' }).waitFor({ timeout: 15_000 });
    await expect(row.getAttribute('class')).resolves.toBe('vital stale');
    await expect(row.locator('.age').textContent()).resolves.toBe('2 h ago');
    await expect(page.locator('.tile[data-patient=bed-4] .partial').textContent()).resolves.toBe(
      'partial NEWS2 0',
    );
    await expect(page.locator('.tile[data-patient=bed-4]').getAttribute('class')).resolves.toBe(
      'tile risk-low',
    );
    const vitals = await api.get<{
      patients: { patient: string; vitals: object; partial_score: number }[];
    }>('/vitals', token);
    expect(vitals.body.patients.find((p) => p.patient === 'bed-4')).toMatchObject({
      vitals: { temperature: { value: 34, score: null, stale: true } },
      partial_score: 0,
    });
    expect(await page.locator('#alert-list li[data-patient=bed-4]').count()).toBe(0);
    await page.screenshot({ path: join(ARTEFACTS, 'stale.png'), fullPage: true });
  });

  it('guards the alert, vitals and live endpoints: token, scope, bounds', async () => {
    for (const path of ['/alerts', '/vitals', '/live']) {
      expect((await api.get(path)).status).toBe(401);
    }
    expect((await api.post('/alerts/1/acknowledge', undefined)).status).toBe(401);
    for (const path of [
      '/alerts?limit=0',
      '/alerts?limit=1001',
      '/alerts?state=bogus',
      '/alerts?patient=a%20b',
    ]) {
      expect((await api.get(path, token)).status).toBe(400);
    }
    expect((await api.post('/alerts/abc/acknowledge', undefined, token)).status).toBe(400);
    expect((await api.post('/alerts/999999/acknowledge', undefined, token)).status).toBe(404);

    // a reader of one patient sees that patient's alerts only, and acknowledges no other's
    const bed1Only = await readerToken(db.url, 'bed-1-screen', 'bed-1');
    expect((await api.get('/alerts?state=all&patient=bed-2', bed1Only)).status).toBe(403);
    const own = await api.get<{ items: AlertMessage[] }>('/alerts?state=all', bed1Only);
    expect(own.body.items.every((a) => a.patient === 'bed-1')).toBe(true);
    const all = await api.get<{ items: AlertMessage[] }>('/alerts?state=all', token);
    const bed2 = all.body.items.find((a) => a.patient === 'bed-2')!;
    expect((await api.post(`/alerts/${bed2.id}/acknowledge`, undefined, bed1Only)).status).toBe(
      404,
    );
    const vitals = await api.get<{ patients: { patient: string }[] }>('/vitals', bed1Only);
    expect(vitals.body.patients.map((p) => p.patient)).toEqual(['bed-1']);

    // live streams: at most LIVE_STREAMS_PER_READER (4) per reader; the page holds one already
    const streams: EventStream[] = [];
    try {
      const open = async () => {
        const stream = await api.openStream('/live', token);
        streams.push(stream);
        return stream.status;
      };
      for (let i = 0; i < 3; i++) expect(await open()).toBe(200);
      expect(await open()).toBe(429);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
