module.exports = require('../../jest.preset.cjs').e2e(__dirname, {
  testTimeout: 120_000,
  database: true,
  // each file starts a broker, a gateway, a subscriber and the API: one file at a time
  maxWorkers: 1,
});
