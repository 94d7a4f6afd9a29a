import { defineConfig } from 'vitest/config';
import { apiDocs } from './server/api-docs.ts';

/**
 * Cross-origin isolation, so that the page gets `SharedArrayBuffer` and gen's fused wasm kernels run on worker
 * threads (a host serving the built site should send the same two headers; without them the kernels run on one
 * thread).
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The demo is a static site: `vite build` writes apps/demo/dist with relative asset paths (`base: './'`), so it can be
 * served from any folder; `@gen/train`'s root entry is browser-safe, so no Node module needs a stub. The dev and
 * preview servers also serve the API docs site (see `apiDocs`) and send {@link CROSS_ORIGIN_ISOLATION}. Test files run one at a time: each drives its own
 * Chromium.
 */
export default defineConfig({
  base: './',
  plugins: [apiDocs()],
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
