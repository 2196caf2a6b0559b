// NestJS 12 ships ESM only; jest runs CommonJS, so swc transforms our TypeScript
// and the ESM packages under node_modules/.pnpm alike.
const path = require('node:path');

const esmPackages = [
  '@nestjs',
  'uid',
  'load-esm',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  // the embedded broker of libs/embedded (its PostgreSQL cannot be transformed: TestPostgres
  // runs it in a process of its own)
  'aedes',
  'mqemitter',
  'hyperid',
  'qlobber',
];

/** @param {string} dir the project's folder */
module.exports = (dir) => ({
  rootDir: dir,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          // swc's newest named target: Node 24 runs all of it untransformed
          target: 'es2024',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(\\.pnpm/)?(${esmPackages.join('|')}))`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@healthcare/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    '^@healthcare/([a-z-]+)/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/$2.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
});

/**
 * End-to-end suites (`*.e2e-spec.ts`): the preset, plus an environment that stops and names
 * whatever a test file left running (libs/testing/src/jest-environment.ts), so a failing test
 * fails fast instead of leaving jest waiting on a live process.
 * @param {string} dir the project's folder
 * @param {{ testTimeout: number, database?: boolean, maxWorkers?: number }} options
 *   `database`: PostgreSQL from TEST_DATABASE_URL, the local server or an embedded one
 */
module.exports.e2e = (dir, { database = false, ...options }) => {
  // built (dist): jest does not apply moduleNameMapper to environment and global setup modules
  const testing = path.join(__dirname, 'libs/testing');
  return {
    ...module.exports(dir),
    testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
    testEnvironment: path.join(testing, 'dist/jest-environment.js'),
    testSequencer: path.join(__dirname, 'jest.sequencer.cjs'),
    ...(database && {
      globalSetup: path.join(testing, 'dist/jest-global-setup.js'),
      globalTeardown: path.join(testing, 'dist/jest-global-teardown.js'),
    }),
    ...options,
  };
};
