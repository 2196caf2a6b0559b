const path = require('node:path');
// built (dist): jest does not apply moduleNameMapper to global setup modules
const testing = path.join(__dirname, '../../libs/testing/dist');

module.exports = {
  ...require('../../jest.preset.cjs')(__dirname),
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 120_000,
  // the suites start processes and brokers of their own; two at once is what 2 cores allow
  maxWorkers: 2,
  globalSetup: path.join(testing, 'jest-global-setup.js'),
  globalTeardown: path.join(testing, 'jest-global-teardown.js'),
};
