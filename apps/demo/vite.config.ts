import { defineConfig } from 'vitest/config';
import { apiDocs } from './server/api-docs.ts';

/**
 * The demo is a static site: `vite build` writes apps/demo/dist with relative asset paths (`base: './'`), so it can be
 * served from any folder; `@gen/train`'s root entry is browser-safe, so no Node module needs a stub. The dev and
 * preview servers also serve the API docs site (see `apiDocs`). Test files run one at a time: each drives its own
 * Chromium.
 */
export default defineConfig({
  base: './',
  plugins: [apiDocs()],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
