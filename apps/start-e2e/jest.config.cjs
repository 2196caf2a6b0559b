// Runs `pnpm start` as a user would: embedded broker and database, sensors at short intervals.
module.exports = require('../../jest.preset.cjs').e2e(__dirname, { testTimeout: 240_000 });
