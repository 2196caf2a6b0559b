// Drives built apps as processes (gateway, the three sensors) against a Mosquitto of its own.
module.exports = {
  ...require('../../jest.preset.cjs')(__dirname),
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  // each suite spawns a gateway and sensors: one suite at a time on a shared 2-core machine
  maxWorkers: 1,
};
