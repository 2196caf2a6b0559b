import { WsDevice } from '@healthcare/testing';
import { anyText, textMatching } from './support/matchers.js';
import { ObservedGateway } from './support/gateway.js';
import { deviceDate, heartRate, inTheFuture, RULES } from './support/readings.js';

const LIMIT = 16 * 1024;

describe('WebSocket: /heartrate', () => {
  let gateway: ObservedGateway;
  let device: WsDevice;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker();
  }, 60_000);
  afterAll(() => gateway?.stop(), 30_000);
  beforeEach(async () => {
    gateway.collector.clear();
    device = await WsDevice.connect(gateway.wsUrl);
  });
  afterEach(() => device.close());

  /** On the same socket: a good reading is acked and is the only message published. */
  async function expectOnlyTheNextReadingPublished(): Promise<void> {
    const sentinel = heartRate();
    expect(await device.request(sentinel)).toEqual({
      status: 'received',
      sensor_id: sentinel.sensor_id,
      date: sentinel.date,
    });
    await gateway.published(sentinel.sensor_id);
    expect(gateway.sensorIds()).toEqual([sentinel.sensor_id]);
  }

  it.each([
    ['no offset (taken as UTC)', ''],
    ['offset +02:00', '+02:00'],
    ['offset -0530', '-0530'],
  ])(
    'acks a reading dated with %s and publishes it as plain normalised JSON on `heartRate` at QoS 1',
    async (_, offset) => {
      const date = deviceDate(offset);
      const reading = heartRate({ date: date.sent });

      const frame = await device.request(reading);

      // the ack names the reading as the device sent it, so the device can match it
      expect(frame).toEqual({ status: 'received', sensor_id: reading.sensor_id, date: date.sent });
      await gateway.published(reading.sensor_id);
      expect(gateway.collector.messages).toEqual([
        {
          topic: 'heartRate',
          qos: 1,
          payload: `{"sensor_id":"${reading.sensor_id}","value":72,"unit":"bpm","date":"${date.utc}"}`,
        },
      ]);
    },
  );

  it('acks every reading of a stream on one socket, in order, each published once', async () => {
    const readings = Array.from({ length: 20 }, (_, i) => heartRate({ value: 60 + i }));

    for (const reading of readings) device.send(reading);
    const frames = [];
    for (let i = 0; i < readings.length; i++) frames.push(await device.next());

    expect(frames).toEqual(
      readings.map((r) => ({ status: 'received', sensor_id: r.sensor_id, date: r.date })),
    );
    await gateway.collector.waitForCount(20);
    expect(gateway.sensorIds()).toEqual(readings.map((r) => r.sensor_id));
  });

  it('accepts a binary frame holding a JSON reading', async () => {
    const reading = heartRate();
    device.send(Buffer.from(JSON.stringify(reading)));
    expect(await device.next()).toEqual({
      status: 'received',
      sensor_id: reading.sensor_id,
      date: reading.date,
    });
    await gateway.published(reading.sensor_id);
  });

  describe('answers an invalid reading with an error frame, publishes nothing, keeps the socket open', () => {
    it.each<[string, Record<string, unknown>, { field: string; messages: string[] }[]]>([
      [
        'value above 300',
        heartRate({ value: 301 }),
        [{ field: 'value', messages: ['value must be between 20 and 300 bpm'] }],
      ],
      [
        'value below 20',
        heartRate({ value: 19 }),
        [{ field: 'value', messages: ['value must be between 20 and 300 bpm'] }],
      ],
      [
        'a fractional value',
        heartRate({ value: 72.5 }),
        [{ field: 'value', messages: ['value must be an integer'] }],
      ],
      [
        'a string number',
        heartRate({ value: '72' }),
        [{ field: 'value', messages: ['value must be an integer'] }],
      ],
      [
        'unit BPM',
        heartRate({ unit: 'BPM' }),
        [{ field: 'unit', messages: ['unit must be "bpm"'] }],
      ],
      [
        'a sensor_id with a slash',
        heartRate({ sensor_id: 'ward/3' }),
        [{ field: 'sensor_id', messages: [RULES.sensorId] }],
      ],
      [
        'an invalid calendar date',
        heartRate({ date: '2023-02-29T10:00:00' }),
        [{ field: 'date', messages: [RULES.notIso] }],
      ],
      [
        'a date in the future',
        heartRate({ date: inTheFuture() }),
        [{ field: 'date', messages: [RULES.tooLate] }],
      ],
      [
        'a date before 2000',
        heartRate({ date: '1999-06-01T00:00:00' }),
        [{ field: 'date', messages: [RULES.tooEarly] }],
      ],
      [
        'an unknown field',
        heartRate({ rr_interval: 800 }),
        [{ field: 'rr_interval', messages: [RULES.unknown('rr_interval', 'heartRate')] }],
      ],
      [
        'a Nest-style envelope',
        { event: 'reading', data: heartRate() },
        [
          { field: 'event', messages: [RULES.unknown('event', 'heartRate')] },
          { field: 'data', messages: [RULES.unknown('data', 'heartRate')] },
          ...['sensor_id', 'value', 'unit', 'date'].map((f) => ({
            field: f,
            messages: [RULES.required(f)],
          })),
        ],
      ],
    ])('%s', async (_, reading, errors) => {
      const frame = await device.request(reading);

      expect(frame).toEqual({
        status: 'error',
        error: 'invalid_reading',
        message: textMatching(/^invalid heartRate reading: /),
        errors,
        // the reading is named when it could be identified
        ...(typeof reading.sensor_id === 'string' ? { sensor_id: reading.sensor_id } : {}),
        ...(typeof reading.date === 'string' ? { date: reading.date } : {}),
      });
      await expectOnlyTheNextReadingPublished();
    });

    it.each([
      ['an array', '[]'],
      ['a number', '72'],
      ['null', 'null'],
    ])('a JSON value that is not an object: %s', async (_, text) => {
      expect(await device.request(text)).toEqual({
        status: 'error',
        error: 'invalid_reading',
        message: anyText(),
        errors: [{ field: '$', messages: [RULES.notObject('heartRate')] }],
      });
      await expectOnlyTheNextReadingPublished();
    });

    it.each([
      ['an unfinished object', '{"sensor_id": "Heart_001", "value": 72'],
      ['plain text', 'heart rate 72'],
      ['an empty frame', ''],
    ])('malformed JSON: %s', async (_, text) => {
      expect(await device.request(text)).toEqual({
        status: 'error',
        error: 'malformed_json',
        message: textMatching(/^malformed JSON: /),
      });
      await expectOnlyTheNextReadingPublished();
    });

    it('a frame over 16 KiB, even a valid reading', async () => {
      const json = JSON.stringify(heartRate());
      const frame = await device.request(json + ' '.repeat(LIMIT + 1 - json.length));

      expect(frame).toMatchObject({
        status: 'error',
        error: 'too_large',
        message: 'a reading must not exceed 16384 bytes',
      });
      await expectOnlyTheNextReadingPublished();
    });
  });

  it('accepts a frame of exactly 16 KiB', async () => {
    const reading = heartRate();
    const json = JSON.stringify(reading);

    expect(await device.request(json + ' '.repeat(LIMIT - json.length))).toMatchObject({
      status: 'received',
      sensor_id: reading.sensor_id,
    });
    await gateway.published(reading.sensor_id);
  });

  it('closes the socket with 1009 on a frame over 64 KiB, and publishes nothing', async () => {
    const json = JSON.stringify(heartRate());
    device.send(json + ' '.repeat(64 * 1024));

    expect((await device.closed).code).toBe(1009);
    // the client's fault: one calm line, not an ERROR with the gateway's stack
    await gateway.app.waitForOutput(
      /closed a WebSocket for the client's fault: Max payload size exceeded/,
    );
    expect(gateway.output()).not.toMatch(/ERROR|RangeError/);
    const other = await WsDevice.connect(gateway.wsUrl);
    try {
      const sentinel = heartRate();
      expect(await other.request(sentinel)).toMatchObject({ status: 'received' });
      await gateway.published(sentinel.sensor_id);
      expect(gateway.sensorIds()).toEqual([sentinel.sensor_id]);
    } finally {
      other.close();
    }
  });
});
