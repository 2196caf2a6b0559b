/**
 * FHIR ids allow letters, digits, `-` and `.`; sensor ids allow `_` but never `.`, so a Device's
 * id is its sensor_id with `_` as `.` (`Temp_001` is `Device/Temp.001`), one to one.
 */
export function deviceId(sensorId: string): string {
  return sensorId.replaceAll('_', '.');
}

export function sensorIdOf(deviceId: string): string {
  return deviceId.replaceAll('.', '_');
}

export const SENSOR_ID_SYSTEM = 'urn:healthcare-iot:sensor-id';
export const PATIENT_ID_SYSTEM = 'urn:healthcare-iot:patient';
