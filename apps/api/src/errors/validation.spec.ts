import { ValidationPipe, type ArgumentMetadata, type Type } from '@nestjs/common';
import { ObservationSearch } from '../fhir/search.dto.js';
import { AggregatesQuery, ReadingsQuery } from '../readings/readings.dto.js';
import { validationPipe } from './validation.js';

type Query = Record<string, string | string[]>;

const VALID: [Type, Query][] = [
  [ReadingsQuery, {}],
  [ReadingsQuery, { device: 'Temp_001', limit: '100' }],
  [ReadingsQuery, { patient: 'patient-1', from: '2026-12-01T00:00:00Z', cursor: 'abc' }],
  [AggregatesQuery, { device: 'Temp_001', bucket: '5m', from: '2026-12-01', to: '2026-12-02' }],
  [ObservationSearch, { device: 'Device/Temp.001', code: '8310-5', _count: '100' }],
  [ObservationSearch, { patient: 'patient-1', date: 'ge2026-12-01' }],
  [ObservationSearch, { subject: 'Patient/p-1', date: ['ge2026-12-01', 'lt2026-12-02'] }],
];

const INVALID: [Type, Query][] = [
  [ReadingsQuery, { limit: '0' }],
  [ReadingsQuery, { limit: '1001' }],
  [ReadingsQuery, { limit: 'ten' }],
  [ReadingsQuery, { limit: '1.5' }],
  [ReadingsQuery, { limit: ['1', '2'] }],
  [ReadingsQuery, { device: 'bad id' }],
  [ReadingsQuery, { device: ['Temp_001', 'Temp_002'] }],
  [ReadingsQuery, { from: 'yesterday' }],
  [ReadingsQuery, { cursor: 'x'.repeat(2000) }],
  [ReadingsQuery, { bogus: '1' }],
  [ReadingsQuery, { device: 'Temp_001', constructor: 'x' }],
  [AggregatesQuery, { bucket: '5x' }],
  [ObservationSearch, { _count: '0' }],
  [ObservationSearch, { _count: '100', _cursor: ['a', 'b'] }],
  [ObservationSearch, { date: ['ge2026-12-01', 'le2026-12-02', 'ge2026-12-03'] }],
  [ObservationSearch, { date: 'tomorrow' }],
  [ObservationSearch, { patient: 'Device/x' }],
  [ObservationSearch, { code: 'x'.repeat(201) }],
  [ObservationSearch, { foo: 'bar' }],
];

/** The pipe as it was before its quick path: Nest's own, with the app's options. */
const whole = () => {
  const pipe = validationPipe();
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (pipe as unknown as { exceptionFactory: (e: unknown) => unknown })
      .exceptionFactory,
  });
};

const meta = (metatype: Type): ArgumentMetadata => ({ type: 'query', metatype });
const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: { message: string; problems: unknown }) => ({
      error: { message: error.message, problems: error.problems },
    }),
  );

describe('validationPipe on query strings', () => {
  it.each([...VALID, ...INVALID])('%p %p: the answer of the whole pipe', async (type, query) => {
    const quick = await settle(validationPipe().transform({ ...query }, meta(type)));
    const full = await settle(whole().transform({ ...query }, meta(type)));
    expect(quick).toEqual(full);
    if ('value' in quick) expect(quick.value).toBeInstanceOf(type);
  });

  it('takes a valid query without building class-validator errors', async () => {
    const pipe = validationPipe();
    const validate = jest.spyOn(pipe as unknown as { validate: () => unknown }, 'validate');
    for (const [type, query] of VALID) await pipe.transform({ ...query }, meta(type));
    expect(validate).not.toHaveBeenCalled();
    for (const [type, query] of INVALID) {
      await pipe.transform({ ...query }, meta(type)).catch(() => undefined);
    }
    expect(validate).toHaveBeenCalledTimes(INVALID.length);
  });
});
