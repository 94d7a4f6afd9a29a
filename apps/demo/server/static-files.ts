import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files the demo and the docs site hold. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * A request handler serving the files under `dir` (`index.html` for a folder), answering 404 with `missing` for
 * anything else; paths cannot leave `dir`.
 */
export function staticFiles(dir: string, missing: string): (req: IncomingMessage, res: ServerResponse) => void {
  const root = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  return (req, res) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent((req.url ?? '/').split('?')[0] as string);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('malformed URL');
      return;
    }
    const path = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(missing);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  };
}
