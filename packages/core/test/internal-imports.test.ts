import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A source scan over the whole repository: every `import { ... } from '@gen/core'` (or `'@gen/ode'`) names only
 * what the root exports, never a name that the package exports from `./internal` alone, and user-side code (the
 * demo, the guides and READMEs) never imports `./internal` at all. Type-only names are covered too, which a
 * run-time look at the modules cannot do.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED_FOLDERS = ['src', 'test', 'bench', 'examples'];
const SKIPPED = new Set(['node_modules', 'dist', 'native', 'api']);

/** Names in the `export { ... } from` lists of an entry file, with `type ` dropped. */
function exportedNames(entry: string): Set<string> {
  const text = readFileSync(join(REPO, entry), 'utf8');
  const names = new Set<string>();
  for (const [, list] of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s+from/g))
    for (const item of (list ?? '').split(',')) {
      const name = item.trim().replace(/^type\s+/, '');
      if (name !== '') names.add(name);
    }
  return names;
}

/** Every file under `dir` whose name ends in one of `extensions`, skipping build output. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : filesUnder(path, extensions);
    return extensions.some((extension) => entry.name.endsWith(extension)) ? [path] : [];
  });
}

/** The names each `import { ... } from 'specifier'` in `text` brings in. */
function importedNames(text: string, specifier: string): string[] {
  const pattern = new RegExp(`import\\s+(?:type\\s+)?\\{([^}]*)\\}\\s+from\\s+'${specifier}'`, 'g');
  return [...text.matchAll(pattern)].flatMap(([, list]) =>
    (list ?? '')
      .split(',')
      .map(
        (item) =>
          item
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0] ?? '',
      )
      .filter((name) => name !== ''),
  );
}

const packageCode = [
  ...readdirSync(join(REPO, 'packages')).flatMap((name) =>
    SCANNED_FOLDERS.flatMap((folder) => filesUnder(join(REPO, 'packages', name, folder), ['.ts', '.tsx', '.mjs'])),
  ),
  ...filesUnder(join(REPO, 'apps', 'demo', 'test'), ['.ts']),
  ...filesUnder(join(REPO, 'apps', 'demo', 'server'), ['.ts']),
];
const userCode = [
  ...filesUnder(join(REPO, 'apps', 'demo', 'src'), ['.ts', '.tsx']),
  ...filesUnder(join(REPO, 'docs'), ['.md']),
  ...filesUnder(join(REPO, 'packages'), ['README.md']),
  join(REPO, 'README.md'),
];

describe('imports of @gen/core and @gen/ode across packages', () => {
  for (const [pkg, entry] of [
    ['@gen/core', 'packages/core/src/internal.ts'],
    ['@gen/ode', 'packages/ode/src/internal.ts'],
  ] as const) {
    it(`names only ${pkg}'s root exports when importing ${pkg}`, () => {
      const internalOnly = exportedNames(entry);
      expect(internalOnly.size).toBeGreaterThan(0);
      let imports = 0;
      const offenders: string[] = [];
      for (const file of [...packageCode, ...userCode]) {
        const names = importedNames(readFileSync(file, 'utf8'), pkg);
        imports += names.length;
        for (const name of names) if (internalOnly.has(name)) offenders.push(`${file.slice(REPO.length)}: ${name}`);
      }
      expect(imports).toBeGreaterThan(10);
      expect(offenders).toEqual([]);
    });
  }

  it('keeps ./internal out of the demo, the guides and the READMEs', () => {
    const offenders = userCode.filter((file) => /from '@gen\/[a-z-]+\/internal'/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => file.slice(REPO.length))).toEqual([]);
  });
});
