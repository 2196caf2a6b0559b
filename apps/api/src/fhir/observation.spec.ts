import type { Bundle, Observation } from '@medplum/fhirtypes';
import type { StoredReading } from '../readings/readings.repository.js';
import { observationJson } from './observation.js';
import { searchsetBody } from './resources.js';

const VITAL = 'http://hl7.org/fhir/StructureDefinition/vitalsigns';
const category = [
  {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/observation-category',
        code: 'vital-signs',
        display: 'Vital Signs',
      },
    ],
    text: 'Vital Signs',
  },
];
const loinc = (code: string, display: string) => ({
  coding: [{ system: 'http://loinc.org', code, display }],
  text: display,
});
const quantity = (value: number, unit: string) => ({
  value,
  unit,
  system: 'http://unitsofmeasure.org',
  code: unit,
});
const reading = (kind: StoredReading['kind'], values: Record<string, number>): StoredReading => ({
  kind,
  rowId: 42,
  sensorId: 'Dev_007',
  patient: 'patient-1',
  timestamp: '2026-12-01T10:00:00.123456Z',
  values,
  unit: 'x',
});
const common = {
  resourceType: 'Observation',
  status: 'final',
  category,
  subject: { reference: 'Patient/patient-1' },
  effectiveDateTime: '2026-12-01T10:00:00.123456Z',
  device: { reference: 'Device/Dev.007' },
};

describe('observationJson', () => {
  it.each<[string, StoredReading, Observation]>([
    [
      'temperature',
      reading('temperature', { value: 36.6 }),
      {
        ...common,
        id: 'temperature-42',
        meta: { profile: [VITAL, `${VITAL.replace('vitalsigns', 'bodytemp')}`] },
        code: loinc('8310-5', 'Body temperature'),
        valueQuantity: quantity(36.6, 'Cel'),
      } as Observation,
    ],
    [
      'heartRate',
      reading('heartRate', { value: 72 }),
      {
        ...common,
        id: 'heart-rate-42',
        meta: { profile: [VITAL, VITAL.replace('vitalsigns', 'heartrate')] },
        code: loinc('8867-4', 'Heart rate'),
        valueQuantity: quantity(72, '/min'),
      } as Observation,
    ],
    [
      'pressure',
      reading('pressure', { systolic: 120.5, diastolic: 80 }),
      {
        ...common,
        id: 'pressure-42',
        meta: { profile: [VITAL, VITAL.replace('vitalsigns', 'bp')] },
        code: loinc('85354-9', 'Blood pressure panel with all children optional'),
        component: [
          {
            code: loinc('8480-6', 'Systolic blood pressure'),
            valueQuantity: quantity(120.5, 'mm[Hg]'),
          },
          {
            code: loinc('8462-4', 'Diastolic blood pressure'),
            valueQuantity: quantity(80, 'mm[Hg]'),
          },
        ],
      } as Observation,
    ],
  ])('writes a %s reading as its vital-signs Observation', (_kind, stored, expected) => {
    const json = observationJson(stored, 'patient-1');
    expect(JSON.parse(json)).toStrictEqual(expected);
  });

  it('escapes what it writes from a row as JSON strings', () => {
    const odd = { ...reading('temperature', { value: 1e-7 }), timestamp: 'a"b\\c\n' };
    const parsed = JSON.parse(observationJson(odd, 'p"1')) as Observation;
    expect(parsed.effectiveDateTime).toBe('a"b\\c\n');
    expect(parsed.subject).toEqual({ reference: 'Patient/p"1' });
    expect(parsed.valueQuantity?.value).toBe(1e-7);
  });
});

describe('searchsetBody', () => {
  it('wraps the Observations with their fullUrls, search mode and links', () => {
    const observation = observationJson(reading('heartRate', { value: 60 }), 'patient-1');
    const links = [
      { relation: 'self', url: 'http://h/fhir/Observation?_count=1' },
      { relation: 'next', url: 'http://h/fhir/Observation?_count=1&_cursor=abc' },
    ];
    const bundle = JSON.parse(
      searchsetBody(
        'http://h/fhir',
        [{ id: 'heart-rate-42', json: observation }],
        links,
      ).toString(),
    ) as Bundle;
    expect(bundle).toStrictEqual({
      resourceType: 'Bundle',
      type: 'searchset',
      link: links,
      entry: [
        {
          fullUrl: 'http://h/fhir/Observation/heart-rate-42',
          resource: JSON.parse(observation) as Observation,
          search: { mode: 'match' },
        },
      ],
    });
  });

  it('writes an empty page as an empty entry list', () => {
    const bundle = JSON.parse(searchsetBody('http://h/fhir', [], []).toString()) as Bundle;
    expect(bundle).toStrictEqual({
      resourceType: 'Bundle',
      type: 'searchset',
      link: [],
      entry: [],
    });
  });

  it('separates entries and escapes the base as a JSON string, as the client named the host', () => {
    const entries = ['temperature-1', 'pressure-2'].map((id) => ({
      id,
      json: observationJson(reading('temperature', { value: 36.6 }), 'patient-1'),
    }));
    const bundle = JSON.parse(searchsetBody('http://h"\\é/fhir', entries, []).toString()) as Bundle;
    expect(bundle.entry?.map((e) => e.fullUrl)).toEqual([
      'http://h"\\é/fhir/Observation/temperature-1',
      'http://h"\\é/fhir/Observation/pressure-2',
    ]);
  });
});
