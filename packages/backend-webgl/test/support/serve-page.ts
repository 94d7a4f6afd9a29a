/**
 * Running a TypeScript page in headless Chromium, shared by the conformance test (`test/webgl.test.ts`) and the
 * benchmark (`bench/run.ts`): bundle it with esbuild, serve it from a local http server, open it, and wait for the
 * JSON it writes to `window.__result`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

/** A page served on 127.0.0.1; {@link ServedPage.close} stops the server. */
export interface ServedPage {
  readonly url: string;
  close(): Promise<void>;
}

/** Bundles a browser entry point (and everything it imports) into one IIFE script. */
export async function bundlePage(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    // @gen/core/testing's writeBenchResults imports node:fs and node:path when it runs, which a page never does.
    external: ['node:*'],
  });
  return (out.outputFiles[0] as { text: string }).text;
}

/**
 * Serves `script` as `/page.js` under an HTML page at `/`, plus static files (`files`: URL path → file on disk,
 * e.g. tfjs's `.wasm` binaries), on a free port of 127.0.0.1.
 */
export async function servePage(
  script: string,
  options: { title: string; files?: Readonly<Record<string, string>> },
): Promise<ServedPage> {
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${options.title}</title><link rel="icon" href="data:,"></head>` +
    '<body><p>running…</p><script src="/page.js"></script></body></html>';
  const files = options.files ?? {};
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (file !== undefined) {
      const type = file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Opens `url` in a new page of `browser`, forwards its console and uncaught errors to `onConsole`, and resolves
 * with what the page stores in `window.__result` (waiting up to `timeoutMs`).
 */
export async function runPage<T>(
  browser: Browser,
  url: string,
  options: { timeoutMs: number; onConsole: (line: string) => void; viewport?: { width: number; height: number } },
): Promise<{ page: Page; result: T }> {
  const page = await browser.newPage(options.viewport === undefined ? {} : { viewport: options.viewport });
  page.on('console', (m) => options.onConsole(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => options.onConsole(`[pageerror] ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, {
    timeout: options.timeoutMs,
  });
  const result = (await page.evaluate(() => (window as { __result?: unknown }).__result)) as T;
  return { page, result };
}
