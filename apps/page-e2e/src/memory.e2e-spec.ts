import {
  createTestDatabase,
  Mosquitto,
  publishAll,
  query,
  readerToken,
  TestApi,
  TestSubscriber,
  type TestDatabase,
} from '@healthcare/testing';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ARTEFACTS, launchChromium } from './browser.js';

const PATIENTS = 200;
const SECONDS = 120;
const WARM_UP_S = 30;
/** What the page's heap may grow by after the warm-up, once garbage is collected. */
const MAX_GROWTH_BYTES = 8 * 1024 * 1024;

/** 200 patients, each with a new reading every second for two minutes: the page must not grow. */
describe('live page under a ward of 200 patients', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  let subscriber: TestSubscriber;
  let api: TestApi;
  let browser: Browser;

  beforeAll(async () => {
    [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('page_memory')]);
    subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: db.url });
    api = await TestApi.start({ DATABASE_URL: db.url });
    browser = await launchChromium();
    await query(
      db.url,
      `INSERT INTO assignment (sensor_id, patient, valid_from)
       SELECT 'ward-' || i, 'patient-' || lpad(i::text, 3, '0'), now() - interval '1 hour'
         FROM generate_series(1, $1) AS i`,
      [PATIENTS],
    );
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api?.stop(), subscriber?.app.stop()]);
    await broker?.dispose();
    await db?.drop();
  });

  async function heapAfterGc(cdp: CDPSession): Promise<number> {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
  }

  it('keeps its JS heap within a bound while every tile updates once a second', async () => {
    const token = await readerToken(db.url, 'ward-screen');
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(`${api.url}/page/`);
    await page.fill('#token', token);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('[data-testid=status]:has-text("live")');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const start = Date.now();
    const messages = Array.from({ length: PATIENTS * SECONDS }, (_, i) => {
      const second = Math.floor(i / PATIENTS);
      return {
        topic: 'heartRate',
        payload: JSON.stringify({
          sensor_id: `ward-${(i % PATIENTS) + 1}`,
          value: 60 + ((i * 7) % 50),
          unit: 'bpm',
          date: new Date(start + second * 1000 + (i % PATIENTS)).toISOString(),
        }),
      };
    });
    const sending = publishAll(broker.url, messages, { perSecond: PATIENTS, inFlight: 50 });

    await page.waitForTimeout(WARM_UP_S * 1000);
    expect(await page.locator('.tile').count()).toBe(PATIENTS);
    const warm = await heapAfterGc(cdp);
    await sending;
    await subscriber.waitForMetrics((m) => m.inserted === messages.length, 'every reading stored');
    await page.waitForTimeout(3000);
    const end = await heapAfterGc(cdp);
    await page.screenshot({ path: join(ARTEFACTS, 'ward-200.png') });
    console.log(
      `page JS heap after GC: ${(warm / 1e6).toFixed(1)} MB after warm-up, ${(end / 1e6).toFixed(1)} MB at the end`,
    );
    // every tile shows the last value sent to it
    const last = messages.at(-1)!;
    const { value } = JSON.parse(last.payload) as { value: number };
    await page
      .locator(
        `.tile[data-patient=patient-${String(PATIENTS).padStart(3, '0')}] .vital[data-parameter=pulse] .value`,
      )
      .filter({ hasText: `${value} bpm` })
      .waitFor({ timeout: 10_000 });
    expect(end - warm).toBeLessThan(MAX_GROWTH_BYTES);
  });
});
