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
 * A searchset Bundle's JSON around its Observations' JSON texts (from observationJson), each entry
 * with its fullUrl, as the response body: the parts are joined once into one flat string and
 * encoded once, so that sending it neither flattens nor copies the page again.
 */
export function searchsetBody(
  base: string,
  observations: readonly { id: string; json: string }[],
  links: BundleLink[],
): Buffer {
  const head: Pick<Bundle, 'resourceType' | 'type' | 'link'> = {
    resourceType: 'Bundle',
    type: 'searchset',
    link: links,
  };
  // reading ids are letters, digits and '-', which JSON writes as they are
  const fullUrl = JSON.stringify(`${base}/Observation/`).slice(0, -1);
  const parts = [`${JSON.stringify(head).slice(0, -1)},"entry":[`];
  observations.forEach((o, i) => {
    parts.push(
      `${i === 0 ? '' : ','}{"fullUrl":${fullUrl}${o.id}","resource":${o.json},` +
        `"search":{"mode":"match"}}`,
    );
  });
  parts.push(']}');
  return utf8(parts.join(''));
}

const encoder = new TextEncoder();

/**
 * `text` as UTF-8. Buffer.from measures the UTF-8 length in a pass of its own before encoding; a
 * page is ASCII (one byte a character) unless the client's Host is not, so it is encoded straight
 * into a buffer of the string's length, and only text that does not fit goes through Buffer.from.
 */
function utf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafe(text.length);
  return encoder.encodeInto(text, bytes).read === text.length ? bytes : Buffer.from(text);
}
