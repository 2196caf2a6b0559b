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

  it('gives the shortest decimal of the same float32, as the digits of toPrecision would', () => {
    const shortest = (value: number): number => {
      for (let digits = 1; digits <= 9; digits++) {
        const candidate = Number(value.toPrecision(digits));
        if (Math.fround(candidate) === value) return candidate;
      }
      return value;
    };
    const values = [0, 0.5, -0.5, 187.828125, -187.828125, 2 ** 24 - 1, 1e-15];
    for (let i = 0; i < 20_000; i++) {
      const sign = i % 2 ? -1 : 1;
      values.push(Math.fround(sign * 10 ** (-15 + (i / 20_000) * 22.2)));
      values.push(Math.fround(sign * (i / 50)));
    }
    const differing = values.filter((v) => !Object.is(fromFloat32(v), shortest(v)));
    expect(differing).toEqual([]);
  });
});
