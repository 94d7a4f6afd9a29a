import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DOCS_DIR } from '../server/api-docs.js';
import { DEMO_ROOT } from './support/demo-page.js';
import { buildAndServe, type StaticSite } from './support/static-site.js';

let site: StaticSite;

beforeAll(async () => {
  site = await buildAndServe(DEMO_ROOT);
});

afterAll(async () => {
  await site?.close();
});

describe('the static build of apps/demo', () => {
  it('holds the page, its script and the three wasm binaries, with relative paths', () => {
    const assets = readdirSync(join(site.outDir, 'assets'));
    const html = readFileSync(join(site.outDir, 'index.html'), 'utf8');
    console.log(`static build: index.html + assets/${assets.join(', ')}`);
    for (const name of ['tfjs-backend-wasm', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm-threaded-simd']) {
      expect(assets.filter((a) => new RegExp(`^${name}-[\\w-]{8}\\.wasm$`).test(a))).toHaveLength(1);
    }
    const script = /<script type="module" crossorigin src="(\.\/assets\/index-[\w-]+\.js)"><\/script>/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(existsSync(join(site.outDir, script as string))).toBe(true);
  });

  it('meets no Node built-in: @gen/train and the rest load in the browser without stubs or aliases', () => {
    expect(site.nodeImports).toEqual([]);
  });

  it('links to the API docs site: docs/api of the repository, and /docs/api on a server', async () => {
    const html = readFileSync(join(site.outDir, 'index.html'), 'utf8');
    const href = /<a id="api-docs" href="([^"]+)">/.exec(html)?.[1] as string;
    // Opened in place (apps/demo/dist/index.html), the link reaches the typedoc site that `pnpm run docs` writes.
    const inPlace = new URL(href, pathToFileURL(join(DEMO_ROOT, 'dist', 'index.html')));
    expect(fileURLToPath(inPlace)).toBe(join(API_DOCS_DIR, 'index.html'));
    // Served (dev server, vite preview, this test's server), it reaches /docs/api/index.html.
    const served = new URL(href, site.url);
    expect(served.pathname).toBe('/docs/api/index.html');
    const response = await fetch(served);
    const body = await response.text();
    if (existsSync(join(API_DOCS_DIR, 'index.html'))) {
      expect(response.status).toBe(200);
      expect(body).toMatch(/<title>[^<]*gen[^<]*<\/title>/);
    } else {
      expect(response.status).toBe(404);
      expect(body).toContain('pnpm run docs');
    }
  });
});
