import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The vitest settings of every package under packages/ (each package's vitest.config.ts is this object).
 *
 * `testTimeout` is a hang guard, never a speed check (speed is measured by `pnpm bench`). It is sized for CI, where
 * turbo runs every package's suite at once on a 2-core machine next to the demo's Chromium tests: there the slowest
 * test (train's quality test, about 25 s alone) took 62 s, so the guard is five minutes. Test files run in forked
 * processes: tfjs keeps its backend registry and engine in globals. vitest.setup.ts runs first in each of them: it
 * drops tfjs's "running TensorFlow.js in Node.js" banner (and no other warning).
 */
export const packageTestConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    pool: 'forks',
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
  },
});
