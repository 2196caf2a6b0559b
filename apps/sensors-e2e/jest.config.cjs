// Drives built apps as processes (gateway, subscriber, the three sensors) against a Mosquitto of
// its own, and PostgreSQL for what the subscriber stores.
module.exports = require('../../jest.preset.cjs').e2e(__dirname, {
  testTimeout: 60_000,
  database: true,
  // each suite spawns a gateway and sensors: one suite at a time on a shared 2-core machine
  maxWorkers: 1,
});
