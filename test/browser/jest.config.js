/**
 * Browser end-to-end tests: the built dashboard served by the real service (temp SQLite file),
 * driven in headless Debian Chromium by playwright-core. Run after `npm run build`, one file at
 * a time (one browser and one service at once keep timing honest on a 2-core machine).
 */
export default {
  rootDir: '../..',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.spec.json' }],
  },
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  testTimeout: 90000,
  maxWorkers: 1,
};
