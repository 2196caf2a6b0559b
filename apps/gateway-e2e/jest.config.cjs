// Drives the built gateway (apps/gateway/dist) as a process; every file starts its own Mosquitto.
module.exports = require('../../jest.preset.cjs').e2e(__dirname, { testTimeout: 30_000 });
