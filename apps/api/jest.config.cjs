const path = require('node:path');

// the query-plan and session specs run on PostgreSQL: TEST_DATABASE_URL, the local server, or an
// embedded one started for the run (built helpers: jest does not map modules for global setup)
const testing = path.join(__dirname, '../../libs/testing');
module.exports = {
  ...require('../../jest.preset.cjs')(__dirname),
  globalSetup: path.join(testing, 'dist/jest-global-setup.js'),
  globalTeardown: path.join(testing, 'dist/jest-global-teardown.js'),
};
