import { defineConfig } from 'vitest/config';

/**
 * One test run for the whole workspace. Tests sit beside the code
 * (`src/**\/*.test.ts`) or in an app's `test/` folder; type tests are
 * `*.test-d.ts`. Apps' end-to-end tests start real processes, hence the
 * generous timeouts.
 */
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts'],
      tsconfig: './tsconfig.typetests.json',
    },
  },
});
