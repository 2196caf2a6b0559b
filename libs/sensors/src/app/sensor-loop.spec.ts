import type { Reading } from '@healthcare/contracts';
import type { LoggerService } from '@nestjs/common';
import { createGenerator } from '../generators/readings.js';
import type { Outcome, RetryEvent, SensorClient } from '../outcome.js';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SensorLoop } from './sensor-loop.js';

/** Answers each reading through `answer`, records what it was sent. */
class FakeClient implements SensorClient<'temperature'> {
  readonly kind = 'temperature';
  sent: Reading<'temperature'>[] = [];
  closed = false;
  answer: (reading: Reading<'temperature'>) => Promise<Outcome> = () =>
    Promise.resolve({ status: 'accepted', attempts: 1 });
  private waiting: ((o: Outcome) => void)[] = [];

  constructor(readonly onRetry: (e: RetryEvent) => void) {}

  send(reading: Reading<'temperature'>): Promise<Outcome> {
    this.sent.push(reading);
    return this.answer(reading);
  }

  /** Never answers until close(), as a gateway that is away. */
  hang(): Promise<Outcome> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): Promise<void> {
    this.closed = true;
    for (const resolve of this.waiting)
      resolve({ status: 'abandoned', attempts: 1, message: 'closed' });
    return Promise.resolve();
  }
}

class Lines implements LoggerService {
  lines: [string, string][] = [];
  log = (m: string) => void this.lines.push(['log', m]);
  warn = (m: string) => void this.lines.push(['warn', m]);
  error = (m: string) => void this.lines.push(['error', m]);
  debug = (m: string) => void this.lines.push(['debug', m]);
  of(level: string): string[] {
    return this.lines.filter(([l]) => l === level).map(([, m]) => m);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loopWith(sensorIds: string[], intervalMs = 40, heartbeatFile?: string) {
  let client!: FakeClient;
  const logger = new Lines();
  const loop = new SensorLoop({
    createClient: (onRetry) => (client = new FakeClient(onRetry)),
    generate: createGenerator('temperature'),
    sensorIds,
    intervalMs,
    logger,
    heartbeatFile,
  });
  return { loop, client, logger };
}

describe('SensorLoop', () => {
  it('sends one reading per device per interval, a line for each at debug level only', async () => {
    const { loop, client, logger } = loopWith(['Temp_001']);
    loop.start();
    await sleep(190);
    await loop.stop(100);
    expect(client.sent.length).toBeGreaterThanOrEqual(3);
    expect(client.sent.length).toBeLessThanOrEqual(6);
    expect(logger.of('log').filter((m) => m.startsWith('sent '))).toEqual([]);
    const sent = logger.of('debug').filter((m) => m.startsWith('sent '));
    expect(sent).toHaveLength(client.sent.length);
    expect(sent[0]).toMatch(/^sent Temp_001 \d+(\.\d+)? C at \S+Z: received$/);
    expect(client.closed).toBe(true);
  });

  it('runs every device, spread over the interval, with per-reading lines at debug', async () => {
    const { loop, client, logger } = loopWith(['Temp_001', 'Temp_002', 'Temp_003'], 60);
    loop.start();
    await sleep(150);
    await loop.stop(100);
    const ids = client.sent.map((r) => r.sensor_id);
    expect(new Set(ids)).toEqual(new Set(['Temp_001', 'Temp_002', 'Temp_003']));
    expect(ids.slice(0, 3)).toEqual(['Temp_001', 'Temp_002', 'Temp_003']);
    expect(logger.of('log').filter((m) => m.startsWith('sent '))).toEqual([]);
    expect(logger.of('debug').filter((m) => m.startsWith('sent '))).toHaveLength(ids.length);
  });

  it('a device waits for its reading to be answered before the next one', async () => {
    const { loop, client } = loopWith(['Temp_001'], 10);
    client.answer = () => client.hang();
    loop.start();
    await sleep(100);
    expect(client.sent).toHaveLength(1);
    await loop.stop(0);
  });

  /** A client that answers `accepted` except while `away()`, when it retries as the real one does. */
  function answerUnless(client: ReturnType<typeof loopWith>['client'], away: () => boolean): void {
    client.answer = async (reading) => {
      let attempts = 1;
      while (away()) {
        client.onRetry({
          sensorId: reading.sensor_id,
          attempt: attempts++,
          delayMs: 10,
          reason: 'HTTP 503',
        });
        await sleep(10);
      }
      return { status: 'accepted', attempts };
    };
  }

  it('waits calmly for a gateway it has not reached yet: one line, no warning', async () => {
    const { loop, client, logger } = loopWith(['Temp_001', 'Temp_002'], 30);
    let away = true;
    answerUnless(client, () => away);
    loop.start();
    await sleep(100);
    away = false;
    await sleep(60);
    await loop.stop(100);
    expect(logger.of('warn')).toEqual([]);
    expect(logger.of('log').filter((line) => line.includes('gateway'))).toEqual(
      expect.arrayContaining([
        'waiting for the gateway (HTTP 503); retrying with backoff',
        'reached the gateway',
      ]),
    );
    expect(
      logger.of('log').filter((line) => line.startsWith('waiting for the gateway')),
    ).toHaveLength(1);
  });

  it('warns once when the gateway goes away and says when it answers again', async () => {
    const { loop, client, logger } = loopWith(['Temp_001', 'Temp_002'], 30);
    let away = false;
    answerUnless(client, () => away);
    loop.start();
    await sleep(80);
    away = true;
    await sleep(100);
    away = false;
    await sleep(60);
    await loop.stop(100);
    expect(logger.of('warn')).toEqual(['gateway unavailable (HTTP 503); retrying with backoff']);
    expect(logger.of('log')).toContain('the gateway is answering again');
  });

  it('on stop, lets a reading in flight finish within the grace', async () => {
    const { loop, client, logger } = loopWith(['Temp_001'], 1000);
    client.answer = async () => {
      await sleep(100);
      return { status: 'accepted', attempts: 1 };
    };
    loop.start();
    await sleep(20);
    await loop.stop(2000);
    expect(logger.of('log')).toContain(
      'stopped: 1 reading(s) received by the gateway, 0 rejected, 0 abandoned',
    );
  });

  it('on stop, abandons a reading still unanswered after the grace', async () => {
    const { loop, client, logger } = loopWith(['Temp_001'], 1000);
    client.answer = () => client.hang();
    loop.start();
    await sleep(20);
    const started = Date.now();
    await loop.stop(150);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(logger.of('log')).toContain(
      'stopped: 0 reading(s) received by the gateway, 0 rejected, 1 abandoned',
    );
  });

  it('logs a rejection as a warning and goes on', async () => {
    const { loop, client, logger } = loopWith(['Temp_001'], 30);
    client.answer = () =>
      Promise.resolve({ status: 'rejected', attempts: 1, code: 'invalid_reading', message: 'bad' });
    loop.start();
    await sleep(80);
    await loop.stop(100);
    expect(client.sent.length).toBeGreaterThan(1);
    expect(logger.of('warn')[0]).toMatch(/^sent Temp_001 .*: rejected \(invalid_reading\) bad$/);
  });

  it('writes the heartbeat file after accepted readings only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heartbeat-')), 'beat');
    const { loop, client } = loopWith(['Temp_001'], 30, file);
    client.answer = () =>
      Promise.resolve({ status: 'rejected', attempts: 1, code: 'invalid_reading', message: 'bad' });
    loop.start();
    await sleep(80);
    expect(existsSync(file)).toBe(false);
    client.answer = () => Promise.resolve({ status: 'accepted', attempts: 1 });
    await sleep(80);
    await loop.stop(100);
    const expected = `${client.sent[client.sent.length - 1].date}\n`;
    // the loop does not wait for its heartbeat writes: the last one may still be under way
    for (let i = 0; i < 50 && readFileSync(file, 'utf8') !== expected; i++) await sleep(10);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  it('builds a new client when the token changed, before the next reading, and closes the old', async () => {
    const clients: FakeClient[] = [];
    const logger = new Lines();
    let changed = false;
    const loop = new SensorLoop({
      createClient: (onRetry) => {
        const client = new FakeClient(onRetry);
        clients.push(client);
        return client;
      },
      generate: createGenerator('temperature'),
      sensorIds: ['Temp_001'],
      intervalMs: 30,
      logger,
      tokenChanged: () => changed && !(changed = false),
    });
    loop.start();
    await sleep(80);
    expect(clients).toHaveLength(1);
    const before = clients[0].sent.length;
    changed = true;
    await sleep(80);
    await loop.stop(100);
    expect(clients).toHaveLength(2);
    expect(clients[0].closed).toBe(true);
    expect(clients[0].sent).toHaveLength(before);
    expect(clients[1].sent.length).toBeGreaterThanOrEqual(1);
    expect(logger.of('log')).toContain(
      "the device's token changed: sending with the new one from now on",
    );
  });
});
