import type { Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
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

/** A stored reading that a patient's assignment covers, as a vital-signs Observation. */
export function toObservation(reading: StoredReading & { patient: string }): Observation {
  const sign = VITAL_SIGNS[reading.kind];
  const observation: Observation = {
    resourceType: 'Observation',
    id: readingId(reading.kind, reading.rowId),
    meta: { profile: [`${PROFILE}vitalsigns`, `${PROFILE}${sign.profile}`] },
    status: 'final',
    category: [
      {
        coding: [{ system: CATEGORY, code: 'vital-signs', display: 'Vital Signs' }],
        text: 'Vital Signs',
      },
    ],
    code: {
      coding: [{ system: LOINC, code: sign.code, display: sign.display }],
      text: sign.display,
    },
    subject: { reference: `Patient/${reading.patient}` },
    effectiveDateTime: reading.timestamp,
    device: { reference: `Device/${deviceId(reading.sensorId)}` },
  };
  if (reading.kind === 'pressure') {
    observation.component = PRESSURE_COMPONENTS.map((c): ObservationComponent => ({
      code: { coding: [{ system: LOINC, code: c.code, display: c.display }], text: c.display },
      valueQuantity: quantity(reading.values[c.field], sign.ucum),
    }));
  } else {
    observation.valueQuantity = quantity(reading.values.value, sign.ucum);
  }
  return observation;
}
