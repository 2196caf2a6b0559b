import { postTemperature } from '@healthcare/testing';
import { textMatching } from './support/matchers.js';
import { ObservedGateway } from './support/gateway.js';
import { deviceDate, inTheFuture, RULES, temperature } from './support/readings.js';

const LIMIT = 16 * 1024;

describe('REST: POST /temperature', () => {
  let gateway: ObservedGateway;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker();
  }, 60_000);
  afterAll(() => gateway?.stop(), 30_000);
  beforeEach(() => gateway.collector.clear());

  /** Proves the requests before it published nothing: a good reading is the only message. */
  async function expectOnlyTheNextReadingPublished(): Promise<void> {
    const sentinel = temperature();
    expect((await postTemperature(gateway.httpUrl, sentinel)).status).toBe(200);
    await gateway.published(sentinel.sensor_id);
    expect(gateway.sensorIds()).toEqual([sentinel.sensor_id]);
  }

  it.each([
    ['no offset (taken as UTC)', ''],
    ['offset +02:00', '+02:00'],
    ['offset -0530', '-0530'],
    ['Z', 'Z'],
  ])(
    'publishes a reading dated with %s as plain normalised JSON on `temperature` at QoS 1',
    async (_, offset) => {
      const date = deviceDate(offset);
      const reading = temperature({ date: date.sent });

      const answer = await postTemperature(gateway.httpUrl, reading);

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ status: 'received' });
      await gateway.published(reading.sensor_id);
      expect(gateway.collector.messages).toEqual([
        {
          topic: 'temperature',
          qos: 1,
          payload: `{"sensor_id":"${reading.sensor_id}","value":36.57,"unit":"C","date":"${date.utc}"}`,
        },
      ]);
    },
  );

  it('publishes the fields in wire order whatever order they were sent in', async () => {
    const date = deviceDate();
    const sensor = temperature().sensor_id;
    const body = `{"date":"${date.sent}","unit":"C","value":25.00,"sensor_id":"${sensor}"}`;

    expect((await postTemperature(gateway.httpUrl, body)).status).toBe(200);

    expect((await gateway.published(sensor)).payload).toBe(
      `{"sensor_id":"${sensor}","value":25,"unit":"C","date":"${date.utc}"}`,
    );
  });

  it('publishes each reading once, also when many arrive together', async () => {
    const readings = Array.from({ length: 20 }, () => temperature());

    const answers = await Promise.all(readings.map((r) => postTemperature(gateway.httpUrl, r)));

    expect(answers.map((a) => a.status)).toEqual(readings.map(() => 200));
    await gateway.collector.waitForCount(20);
    expect(gateway.sensorIds().sort()).toEqual(readings.map((r) => r.sensor_id).sort());
  });

  describe('answers an invalid reading with 400 and each failing field, and publishes nothing', () => {
    it.each<[string, unknown, { field: string; messages: string[] }[]]>([
      [
        'value above 45',
        temperature({ value: 45.01 }),
        [{ field: 'value', messages: ['value must be between 25 and 45 C'] }],
      ],
      [
        'value below 25',
        temperature({ value: 24.99 }),
        [{ field: 'value', messages: ['value must be between 25 and 45 C'] }],
      ],
      [
        '3 decimals',
        temperature({ value: 36.571 }),
        [{ field: 'value', messages: ['value must be a number with at most 2 decimal places'] }],
      ],
      [
        'a string number',
        temperature({ value: '36.5' }),
        [{ field: 'value', messages: ['value must be a number with at most 2 decimal places'] }],
      ],
      [
        'a null value',
        temperature({ value: null }),
        [{ field: 'value', messages: ['value is required'] }],
      ],
      [
        'an array value',
        temperature({ value: [36.5] }),
        [{ field: 'value', messages: ['value must be a number with at most 2 decimal places'] }],
      ],
      ['unit F', temperature({ unit: 'F' }), [{ field: 'unit', messages: ['unit must be "C"'] }]],
      [
        'a 51-character sensor_id',
        temperature({ sensor_id: 'x'.repeat(51) }),
        [{ field: 'sensor_id', messages: [RULES.sensorId] }],
      ],
      [
        'a sensor_id with a space',
        temperature({ sensor_id: 'Temp 001' }),
        [{ field: 'sensor_id', messages: [RULES.sensorId] }],
      ],
      [
        'an empty sensor_id',
        temperature({ sensor_id: '' }),
        [{ field: 'sensor_id', messages: [RULES.sensorId] }],
      ],
      [
        'an invalid calendar date',
        temperature({ date: '2024-02-30T10:00:00' }),
        [{ field: 'date', messages: [RULES.notIso] }],
      ],
      [
        'a date that is not ISO 8601',
        temperature({ date: '01/05/2024 10:00' }),
        [{ field: 'date', messages: [RULES.notIso] }],
      ],
      [
        'a date in the future',
        temperature({ date: inTheFuture() }),
        [{ field: 'date', messages: [RULES.tooLate] }],
      ],
      [
        'a date before 2000',
        temperature({ date: '1999-12-31T23:59:59Z' }),
        [{ field: 'date', messages: [RULES.tooEarly] }],
      ],
      [
        'a date as a number',
        temperature({ date: Date.now() }),
        [{ field: 'date', messages: ['date must be an ISO 8601 date-time string'] }],
      ],
      [
        'an unknown field',
        temperature({ timestamp: 'x' }),
        [{ field: 'timestamp', messages: [RULES.unknown('timestamp', 'temperature')] }],
      ],
      [
        'several problems at once',
        { sensor_id: 'Temp 1', value: 99, unit: 'F', extra: true },
        [
          { field: 'extra', messages: [RULES.unknown('extra', 'temperature')] },
          { field: 'sensor_id', messages: [RULES.sensorId] },
          { field: 'value', messages: ['value must be between 25 and 45 C'] },
          { field: 'unit', messages: ['unit must be "C"'] },
          { field: 'date', messages: [RULES.required('date')] },
        ],
      ],
      [
        'an empty object',
        {},
        ['sensor_id', 'value', 'unit', 'date'].map((f) => ({
          field: f,
          messages: [RULES.required(f)],
        })),
      ],
      [
        'an array of readings',
        [temperature()],
        [{ field: '$', messages: [RULES.notObject('temperature')] }],
      ],
      ['a JSON string', '"36.5"', [{ field: '$', messages: [RULES.notObject('temperature')] }]],
      ['JSON null', 'null', [{ field: '$', messages: [RULES.notObject('temperature')] }]],
    ])('%s', async (_, body, errors) => {
      const answer = await postTemperature(gateway.httpUrl, body);

      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.body).toEqual({
        status: 'error',
        error: 'invalid_reading',
        message: textMatching(/^invalid temperature reading: /),
        errors,
      });
      await expectOnlyTheNextReadingPublished();
    });
  });

  it.each([
    ['an unfinished object', '{"sensor_id": "Temp_001", "value": 36.5'],
    ['single quotes', "{'sensor_id': 'Temp_001'}"],
    ['a form body', 'sensor_id=Temp_001&value=36.5'],
    ['an empty body', ''],
  ])('answers malformed JSON (%s) with 400 and publishes nothing', async (_, body) => {
    const answer = await postTemperature(gateway.httpUrl, body);

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      status: 'error',
      error: 'malformed_json',
      message: textMatching(/^malformed JSON: /),
    });
    await expectOnlyTheNextReadingPublished();
  });

  it('answers a body over 16 KiB with 413 and publishes nothing, even a valid reading', async () => {
    const json = JSON.stringify(temperature());
    const body = json + ' '.repeat(LIMIT + 1 - Buffer.byteLength(json));

    const answer = await postTemperature(gateway.httpUrl, body);

    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      status: 'error',
      error: 'too_large',
      message: 'a reading must not exceed 16384 bytes',
    });
    await expectOnlyTheNextReadingPublished();
  });

  it('accepts a body of exactly 16 KiB', async () => {
    const reading = temperature();
    const json = JSON.stringify(reading);

    const answer = await postTemperature(gateway.httpUrl, json + ' '.repeat(LIMIT - json.length));

    expect(answer.status).toBe(200);
    await gateway.published(reading.sensor_id);
  });

  it('answers GET /health with 200 while the broker is connected', async () => {
    const res = await fetch(`${gateway.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', details: { mqtt: { status: 'up' } } });
  });
});
