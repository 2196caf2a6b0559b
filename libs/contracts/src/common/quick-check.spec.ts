import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  MaxLength,
  Min,
  validateSync,
  ValidateNested,
} from 'class-validator';
import { READING_KINDS, READINGS, type ReadingKind } from '../readings.js';
import { VALIDATION_TIME } from './decorators.js';
import { compileQuickCheck } from './quick-check.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

const VALID: Record<ReadingKind, Record<string, unknown>> = {
  temperature: { sensor_id: 'Temp_001', value: 36.57, unit: 'C', date: '2024-05-01T10:00:00Z' },
  pressure: {
    sensor_id: 'Press_001',
    systolic: 120.3,
    diastolic: 80.5,
    unit: 'mmHg',
    date: '2024-05-01T10:00:00.123456+02:00',
  },
  heartRate: { sensor_id: 'Heart_001', value: 72, unit: 'bpm', date: '2024-05-01T10:00:00' },
};

/** Values every field is tried with, on top of those of its own kind. */
const ANY = [undefined, null, '', 'x', 0, -1, 1.5, NaN, Infinity, true, {}, [], '36.5', 1e21];

function valuesOf(kind: ReadingKind, field: string): unknown[] {
  const spec = READINGS[kind] as unknown as Record<string, unknown>;
  const numeric = (min: number, max: number) => [
    min,
    max,
    min - 0.1,
    max + 0.1,
    (min + max) / 2,
    min + 0.01,
    min + 0.001,
    max - 0.05,
    Math.round((min + max) / 2),
  ];
  switch (field) {
    case 'sensor_id':
      return ['a', 'A-b_9', 'x'.repeat(50), 'x'.repeat(51), 'bad id', 'é', 'a/b'];
    case 'unit':
      return ['C', 'mmHg', 'bpm', 'F', ' C'];
    case 'date':
      return [
        '2024-05-01T12:04:59Z',
        '2024-05-01T12:05:01Z',
        '1999-12-31T23:59:59Z',
        '2000-01-01T00:00:00Z',
        '2024-02-30T10:00:00Z',
        '2024-05-01 10:00:00',
        '2024-05-01T10:00:00+24:00',
        '2024-05-01T10:00:00,5-03:30',
        '2024-05-01',
      ];
    case 'value':
      return numeric(spec.min as number, spec.max as number);
    case 'systolic':
    case 'diastolic': {
      const range = spec[field] as { min: number; max: number };
      return numeric(range.min, range.max);
    }
    default:
      throw new Error(`no values for ${field}`);
  }
}

function candidate(kind: ReadingKind, reading: Record<string, unknown>): object {
  const object = Object.create(READINGS[kind].type.prototype) as Record<string | symbol, unknown>;
  object[VALIDATION_TIME] = NOW;
  Object.assign(object, reading);
  return object;
}

describe('compileQuickCheck', () => {
  describe.each(READING_KINDS)('%s', (kind) => {
    const quick = compileQuickCheck(READINGS[kind].type);
    const agrees = (reading: Record<string, unknown>) => {
      const object = candidate(kind, reading);
      expect({ reading, valid: quick(object) }).toEqual({
        reading,
        valid: validateSync(object).length === 0,
      });
    };

    it('passes the valid reading', () => {
      expect(quick(candidate(kind, VALID[kind]))).toBe(true);
    });

    it('agrees with validateSync on every field changed alone', () => {
      let invalid = 0;
      for (const field of READINGS[kind].fields) {
        for (const value of [...valuesOf(kind, field), ...ANY]) {
          const reading = { ...VALID[kind], [field]: value };
          agrees(reading);
          if (!quick(candidate(kind, reading))) invalid++;
        }
      }
      // the corpus holds both answers: a check that always said yes (or no) would fail above
      expect(invalid).toBeGreaterThan(20);
    });

    it('agrees with validateSync on pairs of fields changed together', () => {
      const fields = READINGS[kind].fields;
      for (const [i, a] of fields.entries()) {
        for (const b of fields.slice(i + 1)) {
          for (const x of valuesOf(kind, a)) {
            for (const y of valuesOf(kind, b)) agrees({ ...VALID[kind], [a]: x, [b]: y });
          }
        }
      }
    });
  });

  it('follows conditions (@IsOptional) and { each: true } as validateSync does', () => {
    class Optional {
      @IsOptional() @IsInt() @Min(1) count?: number;
      @IsOptional() @IsArray() @ArrayMaxSize(2) @MaxLength(3, { each: true }) tags?: string[];
    }
    const values = [
      undefined,
      null,
      0,
      1,
      2.5,
      '1',
      [],
      ['a'],
      ['a', 'bcd'],
      ['abcd'],
      ['a', 'b', 'c'],
    ];
    const quick = compileQuickCheck(Optional);
    for (const count of values) {
      for (const tags of values) {
        const object = Object.assign(new Optional(), { count, tags });
        const valid = validateSync(object, { forbidUnknownValues: true }).length === 0;
        expect([count, tags, quick(object)]).toEqual([count, tags, valid]);
      }
    }
    const set = Object.assign(new Optional(), { tags: new Set(['a', 'abcd']) });
    expect(quick(set)).toBe(false);
  });

  it('refuses a class whose rules it does not follow, at compile time', () => {
    class Grouped {
      @Min(0, { groups: ['a'] }) value!: number;
    }
    class Nested {
      @ValidateNested() inner!: Grouped;
    }
    class Bare {
      count = 0;
    }
    expect(() => compileQuickCheck(Nested)).toThrow(/Nested\.inner/);
    expect(() => compileQuickCheck(Grouped)).toThrow(/Grouped\.value.*validateSync/);
    expect(() => compileQuickCheck(Bare)).toThrow(/no validation decorators/);
  });
});
