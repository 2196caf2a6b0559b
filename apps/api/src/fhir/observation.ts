import type { CodeableConcept, Observation, Quantity } from '@medplum/fhirtypes';
import type { ReadingKind } from '@healthcare/contracts';
import { readingId } from '../readings/kinds.js';
import type { StoredReading } from '../readings/readings.repository.js';
import { deviceId } from './ids.js';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const PROFILE = 'http://hl7.org/fhir/StructureDefinition/';

/** The R4 vital-signs profile of each kind: its LOINC code and UCUM unit, exactly. */
export const VITAL_SIGNS: Record<
  ReadingKind,
  { code: string; display: string; profile: string; ucum: string }
> = {
  temperature: { code: '8310-5', display: 'Body temperature', profile: 'bodytemp', ucum: 'Cel' },
  heartRate: { code: '8867-4', display: 'Heart rate', profile: 'heartrate', ucum: '/min' },
  pressure: {
    code: '85354-9',
    display: 'Blood pressure panel with all children optional',
    profile: 'bp',
    ucum: 'mm[Hg]',
  },
};

const PRESSURE_COMPONENTS = [
  { field: 'systolic', code: '8480-6', display: 'Systolic blood pressure' },
  { field: 'diastolic', code: '8462-4', display: 'Diastolic blood pressure' },
];

/** The kind a LOINC code (`8310-5` or `http://loinc.org|8310-5`) stands for, or undefined. */
export function kindOfCode(token: string): ReadingKind | undefined {
  const [system, code] = token.includes('|') ? token.split('|', 2) : [LOINC, token];
  if (system !== LOINC && system !== '') return undefined;
  return (Object.keys(VITAL_SIGNS) as ReadingKind[]).find((k) => VITAL_SIGNS[k].code === code);
}

const concept = (code: string, display: string): CodeableConcept => ({
  coding: [{ system: LOINC, code, display }],
  text: display,
});

const quantity = (ucum: string): Omit<Quantity, 'value'> => ({
  unit: ucum,
  system: UCUM,
  code: ucum,
});

/** What every Observation of a kind says alike, typed as R4 has it. */
const SHARED = Object.fromEntries(
  (Object.keys(VITAL_SIGNS) as ReadingKind[]).map((kind) => {
    const sign = VITAL_SIGNS[kind];
    const shared: Required<Pick<Observation, 'meta' | 'status' | 'category' | 'code'>> = {
      meta: { profile: [`${PROFILE}vitalsigns`, `${PROFILE}${sign.profile}`] },
      status: 'final',
      category: [
        {
          coding: [{ system: CATEGORY, code: 'vital-signs', display: 'Vital Signs' }],
          text: 'Vital Signs',
        },
      ],
      code: concept(sign.code, sign.display),
    };
    return [kind, shared];
  }),
) as Record<ReadingKind, Required<Pick<Observation, 'meta' | 'status' | 'category' | 'code'>>>;

/**
 * The JSON text of those shared parts, and of each quantity's unit, made once: a page writes them
 * as they are instead of building and serialising the same objects for every reading.
 */
const SHARED_JSON = Object.fromEntries(
  (Object.keys(SHARED) as ReadingKind[]).map((kind) => {
    const { meta, status, category, code } = SHARED[kind];
    const unit = JSON.stringify(quantity(VITAL_SIGNS[kind].ucum)).slice(1);
    return [
      kind,
      {
        head: `"meta":${JSON.stringify(meta)},"status":${JSON.stringify(status)},"category":${JSON.stringify(category)},"code":${JSON.stringify(code)}`,
        components: PRESSURE_COMPONENTS.map(
          (c) => `{"code":${JSON.stringify(concept(c.code, c.display))},"valueQuantity":{"value":`,
        ),
        unit: `,${unit}`,
      },
    ];
  }),
) as Record<ReadingKind, { head: string; components: string[]; unit: string }>;

const text = JSON.stringify;

/** `f` that gives its last answer again for the same argument, without working it out. */
function lastOne(f: (key: string) => string): (key: string) => string {
  let last: string | undefined;
  let answer = '';
  return (key) => {
    if (key !== last) {
      answer = f(key);
      last = key;
    }
    return answer;
  };
}

// a page's Observations mostly name one patient and one device: their references are written once
const patientReference = lastOne((patient) => text(`Patient/${patient}`));
const deviceReference = lastOne((sensorId) => text(`Device/${deviceId(sensorId)}`));

/**
 * A stored reading that a patient's assignment covers, as the JSON text of a vital-signs
 * Observation (the fields in R4's order; api-e2e validates what it gives against R4).
 */
export function observationJson(reading: StoredReading, patient: string): string {
  const shared = SHARED_JSON[reading.kind];
  const head =
    `{"resourceType":"Observation","id":${text(readingId(reading.kind, reading.rowId))},` +
    `${shared.head},"subject":{"reference":${patientReference(patient)}},` +
    `"effectiveDateTime":${text(reading.timestamp)},` +
    `"device":{"reference":${deviceReference(reading.sensorId)}},`;
  if (reading.kind === 'pressure') {
    const parts = PRESSURE_COMPONENTS.map(
      (c, i) => `${shared.components[i]}${text(reading.values[c.field])}${shared.unit}}`,
    );
    return `${head}"component":[${parts.join(',')}]}`;
  }
  return `${head}"valueQuantity":{"value":${text(reading.values.value)}${shared.unit}}`;
}
