module.exports = require('../../jest.preset.cjs').e2e(__dirname, {
  testTimeout: 300_000,
  database: true,
  // a browser, a broker, PostgreSQL and three apps: one suite at a time
  maxWorkers: 1,
});
