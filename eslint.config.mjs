import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Which projects may import which, by their `scope:*` tags. The apps' product code (`appsUse`)
 * must not reach the embedded broker and database of `pnpm start`, nor test helpers.
 */
const boundaries = (appsUse) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:embedded', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:sensors', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:app', onlyDependOnLibsWithTags: appsUse },
      {
        sourceTag: 'scope:testing',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:embedded', 'scope:sensors'],
      },
      { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
    ],
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.cjs', '**/*.mjs', 'tmp/**', '.nx/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // Nest's DI reads constructor parameter types at run time: those imports must stay values
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': boundaries(['scope:shared', 'scope:sensors']),
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'tools/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // an app's specs may use the test helpers (which reach embedded services for them)
    files: ['apps/*/src/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        'scope:shared',
        'scope:sensors',
        'scope:testing',
      ]),
    },
  },
  prettier,
);
