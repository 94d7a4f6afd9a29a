import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { staticFiles } from './static-files.ts';

/** The typedoc site that `pnpm run docs` writes at the repository root. */
export const API_DOCS_DIR = fileURLToPath(new URL('../../../docs/api/', import.meta.url));

/** Where the dev and preview servers mount {@link API_DOCS_DIR}. */
export const API_DOCS_PATH = '/docs/api';

/** Serves {@link API_DOCS_DIR} (requests relative to {@link API_DOCS_PATH}); 404 with a hint when it is not built. */
export const serveApiDocs = staticFiles(
  API_DOCS_DIR,
  'The API docs are not built: run `pnpm run docs` at the repository root.',
);

/**
 * Serves the API docs site at `/docs/api` from the dev server (`pnpm demo`) and `vite preview`, so the page's "API
 * docs" link (`../../../docs/api/index.html`: the repository's docs/api seen from apps/demo/dist/index.html, and
 * `/docs/api/index.html` seen from a server root) opens it.
 */
export function apiDocs(): Plugin {
  return {
    name: 'gen-api-docs',
    configureServer(server) {
      server.middlewares.use(API_DOCS_PATH, serveApiDocs);
    },
    configurePreviewServer(server) {
      server.middlewares.use(API_DOCS_PATH, serveApiDocs);
    },
  };
}
