import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace; each lib's specs sit next to its code.
export default defineConfig({
  // the dashboard's own import alias (apps/dashboard/tsconfig.json)
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL('./apps/dashboard/src/', import.meta.url)) }] },
  test: {
    include: ['libs/*/src/**/*.spec.ts', 'apps/*/src/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs backends are process-global: isolate files in forks.
    pool: 'forks',
  },
});
