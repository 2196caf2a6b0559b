import { createReadingTables } from '../env/tables.js';
import { saturate } from '../load/drive.js';
import { MqttLoadPublisher } from '../load/mqtt-publisher.js';
import { LOAD_SETTINGS } from '../load/protocols.js';
import { ReadingSource } from '../load/readings.js';
import { waitForRows } from '../metrics/rows.js';
import { freshDatabase, startBroker, startHelper } from '../run/helpers.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from '../run/usage.js';
import { measureWindow, perSecond } from '../run/window.js';
import type { Scenario } from '../scenario.js';

export const subscriberFloor: Scenario = {
  name: 'subscriber-floor',
  group: 'baseline',
  description:
    "mqtt-pipe's publisher -> Mosquitto -> a plain subscriber that stores each batch with one " +
    'INSERT and acknowledges its messages after the commit (src/servers/floor-subscriber.ts)',
  figures: [
    { key: 'rows', label: 'rows committed/s' },
    cpuFigure('subscriberUs', 'subscriber per row:'),
    cpuFigure('postgresUs', 'PostgreSQL backend per row:'),
  ],
  async run(ctx) {
    const [broker, db] = await Promise.all([startBroker(ctx), freshDatabase(ctx)]);
    await createReadingTables(db);
    const source = new ReadingSource('temperature');
    const subscriber = await startHelper(ctx, 'floor-subscriber', {
      MQTT_URL: broker.url,
      DATABASE_URL: db.url,
      TOPIC: source.topic,
    });
    const publisher = await MqttLoadPublisher.connect(broker.url, [source]);
    ctx.defer(() => publisher.close());
    const load = saturate(publisher, LOAD_SETTINGS.mqtt.window);
    const window = await measureWindow(
      ctx,
      () => subscriber.request<number>('stored'),
      sampleProcesses({ mosquitto: broker.pid, subscriber: subscriber.pid }, db),
    );
    await load.stop();
    const rows = await waitForRows(db, ['temperature'], load.tally.accepted);
    const stored = window.end - window.start;
    return {
      figures: {
        rows: perSecond(stored, window.seconds),
        subscriberUs: cpuMicrosPer(window.usage, 'subscriber', stored),
        postgresUs: cpuMicrosPer(window.usage, 'postgres', stored),
      },
      countCheck: { expected: load.tally.accepted, rows },
      details: { published: load.tally.accepted, usage: window.usage },
    };
  },
};
