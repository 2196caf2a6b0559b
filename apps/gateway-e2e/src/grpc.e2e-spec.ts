import { GrpcDevice } from '@healthcare/testing';
import { status } from '@grpc/grpc-js';
import { fieldErrorsOf } from '@healthcare/contracts';
import type { SensorData } from '@healthcare/proto';
import { ObservedGateway } from './support/gateway.js';
import { deviceDate, inTheFuture, pressure, RULES } from './support/readings.js';

describe('gRPC: sensor_data.SensorService/SendPressure', () => {
  let gateway: ObservedGateway;
  let device: GrpcDevice;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker();
    device = new GrpcDevice(gateway.grpcAddress);
  }, 60_000);
  afterAll(async () => {
    device?.close();
    await gateway?.stop();
  }, 30_000);
  beforeEach(() => gateway.collector.clear());

  /** A good reading is answered and is the only message published. */
  async function expectOnlyTheNextReadingPublished(): Promise<void> {
    const sentinel = pressure();
    await expect(device.sendPressure(sentinel)).resolves.toEqual({});
    await gateway.published(sentinel.sensor_id);
    expect(gateway.sensorIds()).toEqual([sentinel.sensor_id]);
  }

  it.each([
    ['no offset (taken as UTC)', ''],
    ['offset +02:00', '+02:00'],
    ['offset -05:30', '-05:30'],
  ])(
    'answers Empty to a reading dated with %s and publishes it as plain normalised JSON on `pressure` at QoS 1',
    async (_, offset) => {
      const date = deviceDate(offset);
      const reading = pressure({ date: date.sent });

      await expect(device.sendPressure(reading)).resolves.toEqual({});

      await gateway.published(reading.sensor_id);
      // proto floats are 32-bit: 120.3 travels as 120.30000305175781 and is published as 120.3
      expect(gateway.collector.messages).toEqual([
        {
          topic: 'pressure',
          qos: 1,
          payload: `{"sensor_id":"${reading.sensor_id}","systolic":120.3,"diastolic":80.5,"unit":"mmHg","date":"${date.utc}"}`,
        },
      ]);
    },
  );

  it.each([
    [40, 20],
    [300, 200],
    [200.1, 200],
  ])('accepts systolic %p over diastolic %p at the bounds', async (systolic, diastolic) => {
    const reading = pressure({ systolic, diastolic });
    await expect(device.sendPressure(reading)).resolves.toEqual({});
    const payload = JSON.parse((await gateway.published(reading.sensor_id)).payload) as SensorData;
    expect([payload.systolic, payload.diastolic]).toEqual([systolic, diastolic]);
  });

  describe('answers INVALID_ARGUMENT with the field errors, and publishes nothing', () => {
    it.each<[string, SensorData, { field: string; messages: string[] }[]]>([
      [
        'systolic above 300',
        pressure({ systolic: 300.1 }),
        [{ field: 'systolic', messages: ['systolic must be between 40 and 300 mmHg'] }],
      ],
      [
        'systolic below 40',
        pressure({ systolic: 39.9, diastolic: 30 }),
        [{ field: 'systolic', messages: ['systolic must be between 40 and 300 mmHg'] }],
      ],
      [
        'diastolic above 200',
        pressure({ systolic: 250, diastolic: 200.1 }),
        [{ field: 'diastolic', messages: ['diastolic must be between 20 and 200 mmHg'] }],
      ],
      [
        'diastolic below 20',
        pressure({ diastolic: 19.9 }),
        [{ field: 'diastolic', messages: ['diastolic must be between 20 and 200 mmHg'] }],
      ],
      [
        'systolic equal to diastolic',
        pressure({ systolic: 80, diastolic: 80 }),
        [{ field: 'systolic', messages: ['systolic must be greater than diastolic'] }],
      ],
      [
        'systolic below diastolic',
        pressure({ systolic: 80, diastolic: 120.5 }),
        [{ field: 'systolic', messages: ['systolic must be greater than diastolic'] }],
      ],
      [
        '2 decimals',
        pressure({ systolic: 120.35 }),
        [
          {
            field: 'systolic',
            messages: ['systolic must be a number with at most 1 decimal place'],
          },
        ],
      ],
      [
        'NaN',
        pressure({ diastolic: NaN }),
        [
          {
            field: 'diastolic',
            messages: ['diastolic must be a number with at most 1 decimal place'],
          },
        ],
      ],
      [
        'unit kPa',
        pressure({ unit: 'kPa' }),
        [{ field: 'unit', messages: ['unit must be "mmHg"'] }],
      ],
      [
        'a sensor_id with a dot',
        pressure({ sensor_id: 'press.001' }),
        [{ field: 'sensor_id', messages: [RULES.sensorId] }],
      ],
      [
        'an empty sensor_id',
        pressure({ sensor_id: '' }),
        [{ field: 'sensor_id', messages: [RULES.sensorId] }],
      ],
      [
        'no systolic and no diastolic',
        { sensor_id: 'press-x', unit: 'mmHg', date: deviceDate().sent },
        [
          { field: 'systolic', messages: [RULES.required('systolic')] },
          { field: 'diastolic', messages: [RULES.required('diastolic')] },
        ],
      ],
      [
        'an invalid calendar date',
        pressure({ date: '2024-04-31T10:00:00' }),
        [{ field: 'date', messages: [RULES.notIso] }],
      ],
      [
        'a date in the future',
        pressure({ date: inTheFuture() }),
        [{ field: 'date', messages: [RULES.tooLate] }],
      ],
      [
        'a date before 2000',
        pressure({ date: '1999-12-31T22:00:00-01:00' }),
        [{ field: 'date', messages: [RULES.tooEarly] }],
      ],
      [
        'an empty message',
        {},
        ['sensor_id', 'systolic', 'diastolic', 'unit', 'date'].map((f) => ({
          field: f,
          messages: [RULES.required(f)],
        })),
      ],
    ])('%s', async (_, reading, errors) => {
      const error = await device.failure(reading);

      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toMatch(/^invalid pressure reading: /);
      for (const { messages } of errors)
        for (const m of messages) expect(error.details).toContain(m);
      expect(fieldErrorsOf(error.metadata)).toEqual(errors);
      await expectOnlyTheNextReadingPublished();
    });
  });
});
