// Runs `pnpm start` as a user would: embedded broker and database, sensors at short intervals.
module.exports = {
  ...require('../../jest.preset.cjs')(__dirname),
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 240_000,
};
