#!/usr/bin/env node
// Checks the typedoc site that `pnpm run docs` wrote into docs/api/ (run by that script, hence by `pnpm test`):
// - every local href and src of every page resolves to a file of the site, and every #fragment to an id in it;
// - no page links to raw Markdown (a guide copied as media instead of rendered);
// - every guide of docs/guides/ is a rendered page, linked from the guides index, itself linked from the home page;
// - pages show their title once (one <h1>) and no breadcrumb has a module level named "index".
// Prints one line per problem and exits 1 when there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const docsDir = dirname(fileURLToPath(import.meta.url));
const site = join(docsDir, 'api');
const guidesDir = join(docsDir, 'guides');

/** Every file under `dir`, as absolute paths. */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Text with HTML tags removed and the few entities typedoc writes decoded. */
function plain(html) {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** The `title:` of a Markdown file's frontmatter. */
function frontmatterTitle(markdown) {
  return /^---\r?\n[\s\S]*?^title:\s*(.+?)\s*$[\s\S]*?^---/m.exec(markdown)?.[1];
}

const problems = [];
if (!existsSync(join(site, 'index.html'))) {
  console.error(`check-site: ${relative(process.cwd(), site)}/index.html is missing; run typedoc first.`);
  process.exit(1);
}

const pages = walk(site).filter((f) => f.endsWith('.html'));
const html = new Map(pages.map((page) => [page, readFileSync(page, 'utf8')]));
const idCache = new Map();
function ids(page) {
  if (!idCache.has(page)) {
    idCache.set(page, new Set(Array.from(html.get(page).matchAll(/\sid="([^"]+)"/g), (m) => m[1])));
  }
  return idCache.get(page);
}

/** Local links of a page as [target file, fragment] pairs. */
function localLinks(page) {
  const links = [];
  for (const [, url] of html.get(page).matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue; // https:, mailto:, data:, …
    const [path, fragment] = url.split('#');
    const target = path === '' ? page : resolve(dirname(page), decodeURI(path.split('?')[0]));
    links.push({ url, target, fragment: fragment === undefined ? undefined : decodeURIComponent(fragment) });
  }
  return links;
}

for (const page of pages) {
  const where = relative(site, page);
  for (const { url, target, fragment } of localLinks(page)) {
    if (!existsSync(target) || statSync(target).isDirectory()) problems.push(`${where}: broken link ${url}`);
    else if (target.endsWith('.md')) problems.push(`${where}: links to raw Markdown ${url}`);
    else if (fragment && target.endsWith('.html') && !ids(target).has(fragment)) {
      problems.push(`${where}: no anchor #${fragment} in ${relative(site, target)} (${url})`);
    }
  }
  const h1s = (html.get(page).match(/<h1[\s>]/g) ?? []).length;
  if (h1s > 1) problems.push(`${where}: the title appears ${h1s} times (<h1> elements)`);
  const breadcrumb = /<ul class="tsd-breadcrumb[^"]*">([\s\S]*?)<\/ul>/.exec(html.get(page))?.[1] ?? '';
  const levels = Array.from(breadcrumb.matchAll(/<li>([\s\S]*?)<\/li>/g), (m) => plain(m[1]));
  if (levels.includes('index')) problems.push(`${where}: breadcrumb ${levels.join(' / ')} has an "index" level`);
}

/** The rendered page whose <title> starts with `title`, if any. */
function pageTitled(title) {
  return pages.find((page) => plain(/<title>([\s\S]*?)<\/title>/.exec(html.get(page))?.[1] ?? '').startsWith(title));
}

function linksTo(from, to) {
  return localLinks(from).some(({ target }) => target === to);
}

const guidesIndex = pageTitled(frontmatterTitle(readFileSync(join(guidesDir, 'README.md'), 'utf8')) ?? 'Guides');
if (guidesIndex === undefined) problems.push('the guides index (docs/guides/README.md) is not a page of the site');
else if (!linksTo(join(site, 'index.html'), guidesIndex)) problems.push('index.html does not link to the guides');
for (const guide of readdirSync(guidesDir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
  const title = frontmatterTitle(readFileSync(join(guidesDir, guide), 'utf8'));
  const page = title === undefined ? undefined : pageTitled(title);
  if (title === undefined) problems.push(`docs/guides/${guide}: no "title:" in its frontmatter`);
  else if (page === undefined) problems.push(`docs/guides/${guide}: no rendered page titled "${title}"`);
  else if (guidesIndex !== undefined && !linksTo(guidesIndex, page)) {
    problems.push(`docs/guides/${guide}: not linked from the guides index`);
  }
}

for (const problem of problems) console.error(`check-site: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(`check-site: ${pages.length} pages, every local link resolves, every guide is a page of the site.`);
