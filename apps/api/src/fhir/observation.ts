import type {
  CodeableConcept,
  Observation,
  ObservationComponent,
  Quantity,
} from '@medplum/fhirtypes';
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

function quantity(value: number, ucum: string): Quantity {
  return { value, unit: ucum, system: UCUM, code: ucum };
}

const concept = (code: string, display: string) =>
  Object.freeze({
    coding: Object.freeze([Object.freeze({ system: LOINC, code, display })]),
    text: display,
  });

/**
 * What every Observation of a kind says alike, built once and shared by the Observations of every
 * page (frozen: nothing may change one for all), so that a page allocates only what differs.
 */
const SHARED = Object.fromEntries(
  (Object.keys(VITAL_SIGNS) as ReadingKind[]).map((kind) => {
    const sign = VITAL_SIGNS[kind];
    return [
      kind,
      {
        meta: Object.freeze({
          profile: Object.freeze([`${PROFILE}vitalsigns`, `${PROFILE}${sign.profile}`]),
        }),
        category: Object.freeze([
          Object.freeze({
            coding: Object.freeze([
              Object.freeze({ system: CATEGORY, code: 'vital-signs', display: 'Vital Signs' }),
            ]),
            text: 'Vital Signs',
          }),
        ]),
        code: concept(sign.code, sign.display),
      },
    ];
  }),
) as Record<ReadingKind, Required<Pick<Observation, 'meta' | 'category' | 'code'>>>;

const COMPONENT_CODES = PRESSURE_COMPONENTS.map(
  (c) => concept(c.code, c.display) as CodeableConcept,
);

/** A stored reading that a patient's assignment covers, as a vital-signs Observation. */
export function toObservation(reading: StoredReading, patient: string): Observation {
  const sign = VITAL_SIGNS[reading.kind];
  const shared = SHARED[reading.kind];
  const observation: Observation = {
    resourceType: 'Observation',
    id: readingId(reading.kind, reading.rowId),
    meta: shared.meta,
    status: 'final',
    category: shared.category,
    code: shared.code,
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: reading.timestamp,
    device: { reference: `Device/${deviceId(reading.sensorId)}` },
  };
  if (reading.kind === 'pressure') {
    observation.component = PRESSURE_COMPONENTS.map((c, i): ObservationComponent => ({
      code: COMPONENT_CODES[i],
      valueQuantity: quantity(reading.values[c.field], sign.ucum),
    }));
  } else {
    observation.valueQuantity = quantity(reading.values.value, sign.ucum);
  }
  return observation;
}
