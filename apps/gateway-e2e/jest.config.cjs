// Drives the built gateway (apps/gateway/dist) as a process; every file starts its own Mosquitto.
module.exports = {
  ...require('../../jest.preset.cjs')(__dirname),
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 30_000,
};
