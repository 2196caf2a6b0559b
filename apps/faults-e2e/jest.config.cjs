// Kills (kill -9) and restarts the subscriber, the gateway, Mosquitto and PostgreSQL under a stream
// of readings; each test starts its own broker and database on free ports.
module.exports = require('../../jest.preset.cjs').e2e(__dirname, {
  testTimeout: 420_000,
  database: true,
  // the faults suite loads the machine on its own: one file at a time
  maxWorkers: 1,
});
