import { parseCommandLine, runTool, UsageError } from '@healthcare/config';
import {
  DeviceStream,
  Mosquitto,
  postTemperature,
  readerToken,
  sleep,
  TestApi,
  TestGateway,
  TestPostgres,
  TestSubscriber,
  WORKSPACE_ROOT,
} from '@healthcare/testing';
import { join } from 'node:path';
import { LocalPrometheus } from './prometheus.js';
import { drawPanels, queryPanels } from './render.js';

const USAGE = `Usage: node tools/dashboard/dist/main.js [--seconds N] [--out FILE]

Runs the pipeline (a broker, a PostgreSQL, the subscriber, the gateway and the API of its own)
with Prometheus scraping it, drives readings (some invalid) and reader requests, with a database
outage in the middle of the last N seconds (default 120), then draws every panel of the Grafana
dashboard in docker/observability over those N seconds with its own queries, and saves a PNG
(default docs/dashboard.png).`;

/** Prometheus scrapes this often; it is also the step of the range queries. */
const SCRAPE_SECONDS = 2;
/** Traffic before the drawn window: the panels' rate() windows (1m) are full when it opens. */
const WARM_UP_SECONDS = 60;

interface Command {
  seconds: number;
  out: string;
}

function parse(args: string[]): Command {
  const { values } = parseCommandLine(args, {
    seconds: { type: 'string', default: '120' },
    out: { type: 'string', default: join(WORKSPACE_ROOT, 'docs/dashboard.png') },
  });
  const seconds = Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 30 || seconds > 3600) {
    throw new UsageError('--seconds must be a whole number from 30 to 3600');
  }
  return { seconds, out: values.out };
}

async function run({ seconds, out }: Command): Promise<void> {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [postgres, broker] = await Promise.all([TestPostgres.start(), Mosquitto.start()]);
    stops.push(
      () => postgres.dispose(),
      () => broker.dispose(),
    );
    const databaseUrl = postgres.url('healthcare');
    const subscriber = await TestSubscriber.start({
      MQTT_URL: broker.url,
      DATABASE_URL: databaseUrl,
    });
    stops.push(() => subscriber.app.stop());
    const gateway = await TestGateway.start(broker.url, { auth: 'off' });
    stops.push(() => gateway.stop());
    // the subscriber has made the schema by now
    const api = await TestApi.start({ DATABASE_URL: databaseUrl });
    stops.push(() => api.stop());
    const prometheus = await LocalPrometheus.start(
      [
        { job: 'gateway', address: new URL(gateway.httpUrl).host, token: gateway.metricsToken },
        {
          job: 'subscriber',
          address: `127.0.0.1:${subscriber.httpPort}`,
          token: subscriber.metricsToken,
        },
        { job: 'api', address: `127.0.0.1:${api.port}`, token: api.metricsToken },
      ],
      SCRAPE_SECONDS,
    );
    stops.push(() => prometheus.stop());
    const reader = await readerToken(databaseUrl, 'dashboard');

    const devices = DeviceStream.start(gateway, { devices: 2, intervalMs: 250 });
    stops.push(() => devices.stop(5000));
    const start = Math.floor(Date.now() / 1000) + WARM_UP_SECONDS;
    const outage = { from: start + seconds * 0.4, to: start + seconds * 0.6 };
    let down = false;
    for (let tick = 0; Date.now() / 1000 < start + seconds; tick++) {
      const now = Date.now() / 1000;
      if (!down && now >= outage.from && now < outage.to) {
        console.log('database stopped');
        await postgres.stop();
        down = true;
      } else if (down && now >= outage.to) {
        await postgres.start();
        console.log('database started again');
        down = false;
      }
      // a reader's screen, a client without a token now and then, and a device sending junk
      await api.get('/devices', reader).catch(() => undefined);
      if (tick % 5 === 0) await api.get('/devices').catch(() => undefined);
      if (tick % 3 === 0) {
        await postTemperature(gateway.httpUrl, { sensor_id: 'Temp_x', value: 'hot' }).catch(
          () => undefined,
        );
      }
      await sleep(1000);
    }
    await devices.stop(5000);
    // the last scrape of the window
    await sleep(SCRAPE_SECONDS * 1000 + 500);
    const end = Math.floor(Date.now() / 1000);
    const panels = await queryPanels(prometheus.url, start, end, SCRAPE_SECONDS);
    const empty = panels.filter((p) => p.series.length === 0).map((p) => p.title);
    await drawPanels(
      panels,
      `Healthcare IoT pipeline: ${seconds} s of a run with a database outage (tools/dashboard)`,
      out,
    );
    console.log(
      `${out}: ${panels.length} panels${empty.length ? `; no data: ${empty.join(', ')}` : ''}`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

runTool({ name: 'dashboard', usage: USAGE, parse, run });
