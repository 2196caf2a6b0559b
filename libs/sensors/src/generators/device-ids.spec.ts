import { SENSOR_ID_PATTERN } from '@healthcare/contracts';
import { deviceIds } from './device-ids.js';

describe('deviceIds', () => {
  it('uses the base id itself for one device', () => {
    expect(deviceIds('Temp_001', 1)).toEqual(['Temp_001']);
    expect(deviceIds('Ward3', 1)).toEqual(['Ward3']);
  });

  it('numbers N devices from the base id, keeping its padding', () => {
    expect(deviceIds('Temp_001', 3)).toEqual(['Temp_001', 'Temp_002', 'Temp_003']);
    expect(deviceIds('Heart_010', 2)).toEqual(['Heart_010', 'Heart_011']);
    expect(deviceIds('Press_099', 3)).toEqual(['Press_099', 'Press_100', 'Press_101']);
    expect(deviceIds('P7', 4)).toEqual(['P7', 'P8', 'P9', 'P10']);
  });

  it('appends _001, _002, ... to a base without a trailing number', () => {
    expect(deviceIds('Temp', 3)).toEqual(['Temp_001', 'Temp_002', 'Temp_003']);
  });

  it('gives distinct ids the contracts accept', () => {
    const ids = deviceIds('Temp_001', 5000);
    expect(new Set(ids).size).toBe(5000);
    expect(ids.at(-1)).toBe('Temp_5000');
    expect(ids.every((id) => SENSOR_ID_PATTERN.test(id))).toBe(true);
  });

  it('refuses a count below one', () => {
    expect(() => deviceIds('Temp_001', 0)).toThrow(RangeError);
  });
});
