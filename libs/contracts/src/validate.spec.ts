import { ANY_TIME } from './common/reading-date.js';
import { InvalidReadingError, type FieldError } from './common/field-error.js';
import { MAX_UNKNOWN_FIELDS } from './common/limits.js';
import { isReadingKind, READING_KINDS, READINGS, type ReadingKind } from './readings.js';
import { parseReading, validateReading } from './validate.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const SENSOR_ID_RULE = 'sensor_id must be 1-50 characters of letters, digits, _ or -';

interface KindCase {
  kind: ReadingKind;
  /** A valid reading as a device sends it. */
  sent: Record<string, unknown>;
  /** A numeric field and the message it gets for a value of the wrong type. */
  number: string;
  notANumber: string;
}

const KINDS: KindCase[] = [
  {
    kind: 'temperature',
    sent: { sensor_id: 'Temp_001', value: 36.57, unit: 'C', date: '2024-05-01T10:00:00.123456' },
    number: 'value',
    notANumber: 'value must be a number with at most 2 decimal places',
  },
  {
    kind: 'pressure',
    sent: {
      sensor_id: 'Press_001',
      systolic: 120.3,
      diastolic: 80.5,
      unit: 'mmHg',
      date: '2024-05-01T10:00:00.123456',
    },
    number: 'systolic',
    notANumber: 'systolic must be a number with at most 1 decimal place',
  },
  {
    kind: 'heartRate',
    sent: { sensor_id: 'Heart_001', value: 72, unit: 'bpm', date: '2024-05-01T10:00:00.123456' },
    number: 'value',
    notANumber: 'value must be an integer',
  },
];

describe('READINGS', () => {
  it('names the three kinds by their MQTT topics, with the wire fields in order', () => {
    expect(READING_KINDS).toEqual(['temperature', 'pressure', 'heartRate']);
    expect(READING_KINDS.map((kind) => READINGS[kind].topic)).toEqual(READING_KINDS);
    expect(READINGS.temperature.fields).toEqual(['sensor_id', 'value', 'unit', 'date']);
    expect(READINGS.pressure.fields).toEqual([
      'sensor_id',
      'systolic',
      'diastolic',
      'unit',
      'date',
    ]);
    expect(READINGS.heartRate.fields).toEqual(['sensor_id', 'value', 'unit', 'date']);
  });

  it.each([
    ['temperature', true],
    ['pressure', true],
    ['heartRate', true],
    ['heartrate', false],
    ['toString', false],
    ['__proto__', false],
    ['', false],
  ])('isReadingKind(%p) is %p', (value, expected) => {
    expect(isReadingKind(value)).toBe(expected);
  });
});

describe.each(KINDS)('a $kind reading', ({ kind, sent, number, notANumber }) => {
  const check = (patch: Record<string, unknown>) =>
    validateReading(kind, { ...sent, ...patch }, NOW);
  const fails = (field: string, message: string) => ({
    ok: false,
    errors: [{ field, messages: [message] }],
  });

  it('is normalised: wire field order, date in UTC ISO with its microseconds', () => {
    const shuffled = Object.fromEntries(Object.entries(sent).reverse());
    const result = validateReading(kind, shuffled, NOW);
    expect(result).toEqual({
      ok: true,
      reading: { ...sent, date: '2024-05-01T10:00:00.123456Z' },
    });
    if (!result.ok) return;
    expect(Object.keys(result.reading)).toEqual(READINGS[kind].fields);
    expect(JSON.stringify(result.reading)).toBe(
      JSON.stringify({ ...sent, date: '2024-05-01T10:00:00.123456Z' }),
    );
    expect(shuffled).toEqual(sent); // the input is left as it was
  });

  it('turns an offset into UTC', () => {
    const result = check({ date: '2024-05-01T07:30:00.5-02:30' });
    expect(result.ok && result.reading.date).toBe('2024-05-01T10:00:00.500Z');
  });

  it.each(['a', 'Z', '0', '_', '-', 'Temp_001', 'sensor-42_B', 'x'.repeat(50)])(
    'accepts sensor_id %p',
    (sensor_id) => {
      expect(check({ sensor_id })).toMatchObject({ ok: true, reading: { sensor_id } });
    },
  );

  it.each([
    ['', SENSOR_ID_RULE],
    ['x'.repeat(51), SENSOR_ID_RULE],
    ['a b', SENSOR_ID_RULE],
    [' abc', SENSOR_ID_RULE],
    ['abc\n', SENSOR_ID_RULE],
    ['a.b', SENSOR_ID_RULE],
    ['a/b', SENSOR_ID_RULE],
    ['a:b', SENSOR_ID_RULE],
    ["x';--", SENSOR_ID_RULE],
    ['sensör', SENSOR_ID_RULE],
    ['#', SENSOR_ID_RULE],
    [42, SENSOR_ID_RULE],
    [['Temp_001'], SENSOR_ID_RULE],
    [{}, SENSOR_ID_RULE],
    [true, SENSOR_ID_RULE],
    [null, 'sensor_id is required'],
    [undefined, 'sensor_id is required'],
  ])('rejects sensor_id %p', (sensor_id, message) => {
    expect(check({ sensor_id })).toEqual(fails('sensor_id', message));
  });

  it.each([['36.5'], ['72'], [''], [true], [[60]], [{}], [NaN], [Infinity], [-Infinity]])(
    `rejects a ${number} of %p`,
    (value) => {
      expect(check({ [number]: value })).toEqual(fails(number, notANumber));
    },
  );

  it(`requires ${number}`, () => {
    expect(check({ [number]: null })).toEqual(fails(number, `${number} is required`));
  });

  it.each([[1], [{}], [['C']], [true]])('rejects a unit of %p', (unit) => {
    expect(check({ unit })).toEqual(fails('unit', `unit must be "${sent.unit as string}"`));
  });

  it.each(['timestamp', 'id', 'Value', 'sensorId', 'pattern', 'data'])(
    'rejects the unknown field %p rather than dropping it',
    (field) => {
      expect(check({ [field]: 1 })).toEqual(
        fails(field, `${field} is not a field of a ${kind} reading`),
      );
    },
  );

  it('lists every unknown field and every failing field', () => {
    const result = validateReading(kind, { extra: 1, other: 'x', unit: 'K' }, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const failing = result.errors.map((e) => e.field);
    expect(failing).toEqual(['extra', 'other', ...READINGS[kind].fields]);
    expect(result.errors.every((e) => e.messages.length > 0)).toBe(true);
  });

  it(`lists at most ${MAX_UNKNOWN_FIELDS} unknown fields, counts the others, and cuts long names`, () => {
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 0]));
    const result = validateReading(kind, { ...sent, ...many }, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      ...Array.from({ length: MAX_UNKNOWN_FIELDS }, (_, i) => ({
        field: `k${i}`,
        messages: [`k${i} is not a field of a ${kind} reading`],
      })),
      {
        field: '$',
        messages: [
          `and ${10_000 - MAX_UNKNOWN_FIELDS} more fields that are not fields of a ${kind} reading`,
        ],
      },
    ]);

    const long = 'x'.repeat(100_000);
    const [error] = (validateReading(kind, { ...sent, [long]: 1 }, NOW) as { errors: FieldError[] })
      .errors;
    expect(error.field).toBe(`${'x'.repeat(64)}...`);
    expect(error.messages).toEqual([`${'x'.repeat(64)}... is not a field of a ${kind} reading`]);
  });

  it('requires every field of an empty object', () => {
    const result = validateReading(kind, {}, NOW);
    expect(result.ok || result.errors.map((e) => e.messages[0])).toEqual(
      READINGS[kind].fields.map((field) => `${field} is required`),
    );
  });

  it.each([[null], [undefined], [[]], [[{}]], ['a reading'], [42], [true]])(
    'rejects the non-object payload %p',
    (payload) => {
      expect(validateReading(kind, payload, NOW)).toEqual(
        fails('$', `a ${kind} reading must be a JSON object`),
      );
    },
  );

  describe('parseReading', () => {
    it('parses, validates and normalises a JSON text', () => {
      expect(parseReading(kind, JSON.stringify(sent), NOW)).toEqual(
        validateReading(kind, sent, NOW),
      );
      expect(parseReading(kind, JSON.stringify(sent), NOW).ok).toBe(true);
    });

    it('uses its `now` for the date rule', () => {
      const text = JSON.stringify({ ...sent, date: '2024-05-01T12:05:00.001Z' });
      expect(parseReading(kind, text, NOW).ok).toBe(false);
      expect(parseReading(kind, text, NOW + 1).ok).toBe(true);
    });

    it('with ANY_TIME accepts any date from 2000 on, however far ahead', () => {
      const ahead = JSON.stringify({ ...sent, date: '2124-05-01T12:00:00Z' });
      expect(parseReading(kind, ahead, ANY_TIME)).toMatchObject({ ok: true });
      const early = JSON.stringify({ ...sent, date: '1999-12-31T23:59:59Z' });
      expect(parseReading(kind, early, ANY_TIME)).toEqual(
        fails('date', 'date must not be before 2000-01-01'),
      );
    });

    it.each([
      '',
      ' ',
      '{',
      '{"sensor_id":',
      'not json',
      "{'sensor_id': 'x'}",
      '{"sensor_id": "x",}',
      'NaN',
      `${JSON.stringify(sent)}}`,
    ])('reports malformed JSON %p on $', (text) => {
      const result = parseReading(kind, text, NOW);
      expect(result).toEqual({
        ok: false,
        errors: [{ field: '$', messages: [expect.stringMatching(/^malformed JSON: .+/)] }],
      });
    });

    it.each(['null', '[]', '"text"', '42', 'true'])('rejects the JSON value %s', (text) => {
      expect(parseReading(kind, text, NOW)).toEqual(
        fails('$', `a ${kind} reading must be a JSON object`),
      );
    });

    it('rejects a __proto__ key as an unknown field', () => {
      const text = `{"__proto__": {"x": 1}, ${JSON.stringify(sent).slice(1)}`;
      expect(parseReading(kind, text, NOW)).toEqual(
        fails('__proto__', `__proto__ is not a field of a ${kind} reading`),
      );
    });
  });
});

it('parseReading keeps numbers written with trailing zeros at the bounds', () => {
  const text = (value: string) =>
    `{"sensor_id":"T","value":${value},"unit":"C","date":"2024-05-01T10:00:00Z"}`;
  expect(parseReading('temperature', text('25.00'), NOW)).toMatchObject({
    ok: true,
    reading: { value: 25 },
  });
  expect(parseReading('temperature', text('45.00'), NOW)).toMatchObject({
    ok: true,
    reading: { value: 45 },
  });
  expect(parseReading('temperature', text('45.001'), NOW).ok).toBe(false);
  expect(parseReading('temperature', text('24.999'), NOW).ok).toBe(false);
});

it('InvalidReadingError carries the field errors and names them in its message', () => {
  const errors = [
    { field: 'value', messages: ['value is required'] },
    { field: 'unit', messages: ['unit must be "C"'] },
  ];
  const error = new InvalidReadingError('temperature', errors);
  expect(error.errors).toBe(errors);
  expect(error.kind).toBe('temperature');
  expect(error.message).toBe('invalid temperature reading: value is required; unit must be "C"');
});
