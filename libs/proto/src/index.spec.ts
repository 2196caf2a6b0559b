import { existsSync } from 'node:fs';
import { fromFloat32, PROTO_PATH } from './index.js';

describe('proto lib', () => {
  it('points at proto/sensor.proto', () => {
    expect(PROTO_PATH.endsWith('/proto/sensor.proto')).toBe(true);
    expect(existsSync(PROTO_PATH)).toBe(true);
  });

  it.each([120.3, 120.34, 80, 79.9, 300, 40.1, 36.57])(
    'gives back %p from its float32 form',
    (n) => {
      expect(fromFloat32(Math.fround(n))).toBe(n);
    },
  );
});
