import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { apiDocs } from './server/api-docs.ts';

/**
 * The demo is a static site: `vite build` writes apps/demo/dist with relative asset paths (`base: './'`), so it can be
 * served from any folder. `@gen/train` also holds Node-only code (the CLI, checkpoints, PNG plots) that the page never
 * calls; `node:zlib` (imported statically by its PNG writer) is replaced by a stub that throws if used. The dev and
 * preview servers also serve the API docs site (see `apiDocs`). Test files run one at a time: each drives its own
 * Chromium.
 */
export default defineConfig({
  base: './',
  plugins: [apiDocs()],
  resolve: {
    alias: { 'node:zlib': fileURLToPath(new URL('./src/node-stub.ts', import.meta.url)) },
  },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
