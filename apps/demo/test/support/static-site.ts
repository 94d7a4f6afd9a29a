import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { API_DOCS_PATH, serveApiDocs } from '../../server/api-docs.js';
import { staticFiles } from '../../server/static-files.js';
import { CROSS_ORIGIN_ISOLATION } from '../../vite.config.js';

/** The demo's Vite config (base './'), used for every page the tests build. */
const CONFIG = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

/** A built page served on 127.0.0.1. */
export interface StaticSite {
  /** The URL of its index.html. */
  url: string;
  /** The folder the build was written to. */
  outDir: string;
  /**
   * Each import of a Node built-in by gen's own code (outside node_modules: tfjs maps its own through `browser`
   * fields) that the build resolved, as `importer → specifier`, whether tree-shaking kept it or not.
   */
  nodeImports: string[];
  /** Stops the server and deletes the build. */
  close(): Promise<void>;
}

/**
 * Builds the Vite app whose index.html is in `root` (the demo, or a test page) into a temporary folder with the
 * demo's config, exactly as `pnpm build` does, and serves the static files on a free port, with the API docs at
 * `/docs/api` and the cross-origin isolation headers as `vite preview` serves them.
 */
export async function buildAndServe(root: string): Promise<StaticSite> {
  const outDir = mkdtempSync(join(tmpdir(), 'gen-demo-'));
  const nodeImports: string[] = [];
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    enforce: 'pre',
    resolveId(source, importer) {
      const builtin = source.startsWith('node:') || builtinModules.includes(source);
      if (builtin && !importer?.includes('/node_modules/')) nodeImports.push(`${importer} → ${source}`);
      return null;
    },
  };
  await build({
    root,
    configFile: CONFIG,
    logLevel: 'error',
    plugins: [recordNodeImports],
    build: { outDir, emptyOutDir: true },
  });
  const site = staticFiles(outDir, 'Not found.');
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) res.setHeader(name, value);
    if (req.url?.startsWith(`${API_DOCS_PATH}/`)) {
      req.url = req.url.slice(API_DOCS_PATH.length);
      serveApiDocs(req, res);
    } else {
      site(req, res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    outDir,
    nodeImports,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
