import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createReadingTables } from '../env/tables.js';
import { ReadingSource } from '../load/readings.js';
import { freshDatabase } from '../run/helpers.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from '../run/usage.js';
import { measureWindow, perSecond } from '../run/window.js';
import type { Scenario } from '../scenario.js';

const BATCH = 5000;
const COPY = 'COPY temperature (sensor_id, value, unit, "timestamp") FROM STDIN';

export const pgCopy: Scenario = {
  name: 'pg-copy',
  group: 'baseline',
  description: `COPY into a table shaped like temperature (unique key included), ${BATCH} rows per COPY, one connection`,
  figures: [{ key: 'rows', label: 'rows/s' }, cpuFigure('postgresUs', 'backend per row:')],
  async run(ctx) {
    const db = await freshDatabase(ctx);
    await createReadingTables(db);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    ctx.defer(() => client.end());
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const source = new ReadingSource('temperature', 10_000);
    const batch = () => Array.from({ length: BATCH }, () => source.copyRow()).join('');

    let rows = 0;
    let running = true;
    const writing = (async () => {
      let next = batch();
      while (running) {
        const copied = copy(client, next);
        next = batch(); // built while the server takes the previous one
        await copied;
        rows += BATCH;
      }
    })();
    // the backend's /proc entry is readable when the server runs on this machine
    const window = await measureWindow(ctx, () => rows, sampleProcesses({ postgres: pid }));
    running = false;
    await writing;
    return {
      figures: {
        rows: perSecond(window.end - window.start, window.seconds),
        postgresUs: cpuMicrosPer(window.usage, 'postgres', window.end - window.start),
      },
      details: { usage: window.usage },
    };
  },
};

function copy(client: pg.Client, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(COPY));
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(text);
  });
}
