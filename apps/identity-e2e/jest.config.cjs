// Drives the built gateway and `pnpm devices` as processes against a PostgreSQL and a Mosquitto
// of each file's own.
module.exports = require('../../jest.preset.cjs').e2e(__dirname, {
  testTimeout: 60_000,
  maxWorkers: 2,
});
