/**
 * Three tiers, one runner:
 *   unit        - pure deciders and money math (no I/O), *.spec.ts beside the code;
 *   conformance - the event-store port against every adapter, libs/event-store/test;
 *   e2e         - the HTTP API against a real store, test/e2e;
 *   deploy      - the deployment manifests parse and hang together, test/deploy;
 *   reliability - crashes, races, store outage and hostile input against the real service, test/reliability.
 * Select one with `npx jest --selectProjects unit`.
 */
const moduleNameMapper = {
  '^@ledger/event-store$': '<rootDir>/libs/event-store/src',
  '^@ledger/event-store/(.*)$': '<rootDir>/libs/event-store/src/$1',
  '^@ledger/money$': '<rootDir>/libs/money/src',
  '^@ledger/kernel$': '<rootDir>/libs/kernel/src',
  '^@ledger/read-store$': '<rootDir>/libs/read-store/src',
  '^@ledger/read-store/(.*)$': '<rootDir>/libs/read-store/src/$1',
  '^@ledger/fund-ledger$': '<rootDir>/libs/fund-ledger/src',
  '^@ledger/fund-ledger/(.*)$': '<rootDir>/libs/fund-ledger/src/$1',
  '^@ledger/projections$': '<rootDir>/libs/projections/src',
  '^@ledger/platform$': '<rootDir>/libs/platform/src',
  '^@ledger/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  setupFiles: ['<rootDir>/test/setup/bigint-json.ts'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'deploy', testMatch: ['<rootDir>/test/deploy/**/*.spec.ts'] },
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/src/**/*.spec.ts', '<rootDir>/apps/**/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'conformance',
      testMatch: ['<rootDir>/libs/event-store/test/**/*.spec.ts', '<rootDir>/libs/read-store/test/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/long-timeout.ts'],
      globalSetup: '<rootDir>/test/setup/postgres-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/postgres-global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/long-timeout.ts'],
      globalSetup: '<rootDir>/test/setup/postgres-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/postgres-global-teardown.ts',
    },
    {
      ...common,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/long-timeout.ts'],
      globalSetup: '<rootDir>/test/setup/postgres-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/postgres-global-teardown.ts',
    },
  ],
};
