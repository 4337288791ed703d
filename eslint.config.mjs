// @ts-check
import tseslint from 'typescript-eslint';

const pureDomain = [
  'libs/money/src/**/*.ts',
  'libs/fund-ledger/src/**/*.decider.ts',
  'libs/fund-ledger/src/**/*.state.ts',
  'libs/fund-ledger/src/**/*.events.ts',
  'libs/fund-ledger/src/**/*.rule.ts',
  'libs/fund-ledger/src/shared/**/*.ts',
  'libs/fund-ledger/src/journal/**/*.ts',
  'libs/fund-ledger/src/**/*.rules.ts',
  'libs/fund-ledger/src/**/*.guards.ts',
  'libs/fund-ledger/src/**/*.inputs.ts',
  'libs/fund-ledger/src/**/*.policy.ts',
  'libs/fund-ledger/src/**/*.view.ts',
  'libs/fund-ledger/src/**/*.projection.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money goes through decimal.js (@ledger/money).' }],
    },
  },
  {
    // Size limits for production code (TIGER_STYLE): a function fits on a screen, a file has one job.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    // The web console (React, built by Vite): the same size limits, and its .tsx files are linted too.
    files: ['apps/console/**/*.tsx'],
    ignores: ['**/*.spec.tsx'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    // Deciders, rules and money math are pure: no Nest, no I/O, no clock.
    files: pureDomain,
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'fastify', 'pg', 'better-sqlite3', '@kurrent/*', 'node:fs', 'fs', 'node:net', 'node:http'], message: 'Domain code is pure: no framework, no I/O.' },
            // Projections fold recorded events: the event's shape (a type, erased at build) is allowed, no code.
            { group: ['@ledger/event-store*', '@ledger/projections*'], allowTypeImports: true, message: 'Domain code does not depend on infrastructure (type imports of the event shape only).' },
            { group: ['@ledger/platform*'], message: 'Domain code does not depend on infrastructure.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Inject the clock: deciders take `now` in their context.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Inject the clock: deciders take `now` in their context.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Deciders are deterministic.' },
      ],
    },
  },
);
