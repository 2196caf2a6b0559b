// TLS on every hop: its own Mosquitto (mqtts) and PostgreSQL (TLS only) per file, the built apps.
module.exports = require('../../jest.preset.cjs').e2e(__dirname, { testTimeout: 120_000 });
