import type { Bundle, BundleLink, Device, Patient } from '@medplum/fhirtypes';
import type { Device as KnownDevice } from '../devices/devices.repository.js';
import { deviceId, PATIENT_ID_SYSTEM, SENSOR_ID_SYSTEM } from './ids.js';

const KIND_TEXT = {
  temperature: 'body temperature sensor',
  heartRate: 'heart rate sensor',
  pressure: 'blood pressure monitor',
};

export function toPatient(id: string): Patient {
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: PATIENT_ID_SYSTEM, value: id }],
    active: true,
  };
}

export function toDevice(device: KnownDevice): Device {
  const kind = device.lastReading?.kind;
  return {
    resourceType: 'Device',
    id: deviceId(device.sensorId),
    identifier: [{ system: SENSOR_ID_SYSTEM, value: device.sensorId }],
    status: 'active',
    deviceName: [{ name: device.sensorId, type: 'user-friendly-name' }],
    ...(kind && { type: { text: KIND_TEXT[kind] } }),
    ...(device.patient && { patient: { reference: `Patient/${device.patient}` } }),
  };
}

/**
 * A searchset Bundle's JSON text around its Observations' JSON texts (from observationJson), each
 * entry with its fullUrl.
 */
export function searchsetJson(
  base: string,
  observations: readonly { id: string; json: string }[],
  links: BundleLink[],
): string {
  const head: Pick<Bundle, 'resourceType' | 'type' | 'link'> = {
    resourceType: 'Bundle',
    type: 'searchset',
    link: links,
  };
  const entries = observations.map(
    (o) =>
      `{"fullUrl":${JSON.stringify(`${base}/Observation/${o.id}`)},"resource":${o.json},` +
      `"search":{"mode":"match"}}`,
  );
  return `${JSON.stringify(head).slice(0, -1)},"entry":[${entries.join(',')}]}`;
}
