module.exports = require('../../jest.preset.cjs').e2e(__dirname, {
  testTimeout: 120_000,
  database: true,
  // the suites start processes and brokers of their own; two at once is what 2 cores allow
  maxWorkers: 2,
});
