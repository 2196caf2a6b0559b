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
