// Drives built apps as processes (gateway, subscriber, the three sensors) against a Mosquitto of
// its own, and PostgreSQL for what the subscriber stores.
const path = require('node:path');
// built (dist): jest does not apply moduleNameMapper to global setup modules
const testing = path.join(__dirname, '../../libs/testing/dist');

module.exports = {
  ...require('../../jest.preset.cjs')(__dirname),
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  // each suite spawns a gateway and sensors: one suite at a time on a shared 2-core machine
  maxWorkers: 1,
  globalSetup: path.join(testing, 'jest-global-setup.js'),
  globalTeardown: path.join(testing, 'jest-global-teardown.js'),
};
