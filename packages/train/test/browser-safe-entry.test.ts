import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PACKAGES = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILTINS = new Set(builtinModules);

/**
 * The module a specifier names, as a source file: relative `.js` → `.ts`, `@gen/<pkg>[/<sub>]` → its src
 * (`src/<sub>.ts` or `src/<sub>/index.ts`).
 */
function resolveSource(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
    return [`${base}.ts`, join(base, 'index.ts')].find((file) => existsSync(file));
  }
  const workspace = /^@gen\/([^/]+)(?:\/(.+))?$/.exec(specifier);
  if (workspace === null) return undefined; // a third-party package (tfjs)
  const [, pkg, sub] = workspace;
  const src = join(PACKAGES, pkg as string, 'src');
  if (sub === undefined) return join(src, 'index.ts');
  return [join(src, `${sub}.ts`), join(src, sub, 'index.ts')].find((file) => existsSync(file)) ?? join(src, sub);
}

/**
 * Every module reachable from `entry` through static imports and re-exports, and through dynamic `import('…')` of a
 * literal name (which bundlers follow too), with the specifiers each one imports. Comments are not read.
 */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const specifiers = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      const target = resolveSource(file, specifier);
      if (target !== undefined) {
        expect(existsSync(target), `${specifier} imported by ${file}`).toBe(true);
        pending.push(target);
      }
    }
  }
  return graph;
}

/** `file → specifier` for each import of a Node built-in (`node:…`, or a bare built-in name such as `fs`). */
function nodeImports(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, specifiers]) =>
    specifiers
      .filter((s) => s.startsWith('node:') || BUILTINS.has(s) || BUILTINS.has(s.split('/')[0] as string))
      .map((s) => `${relative(PACKAGES, file)} → ${s}`),
  );
}

describe('the entries of @gen/train', () => {
  it('the root reaches no Node built-in, through gen packages and literal dynamic imports included', () => {
    const graph = importGraph(join(PACKAGES, 'train/src/index.ts'));
    // The walk reaches the trainer, the model files and the other gen packages (so a pass is not a short walk).
    for (const module of ['train/src/trainer.ts', 'train/src/io/checkpoint.ts', 'train/src/models/model-io.ts']) {
      expect(graph.has(join(PACKAGES, module)), module).toBe(true);
    }
    expect(graph.has(join(PACKAGES, 'sde/src/index.ts'))).toBe(true);
    expect(graph.size).toBeGreaterThan(150);
    expect(nodeImports(graph)).toEqual([]);
  });

  it('the walk finds Node built-ins where they are: the node subpath reaches node:zlib and node:fs/promises', () => {
    const found = nodeImports(importGraph(join(PACKAGES, 'train/src/node.ts')));
    expect(found).toContain('train/src/plot/png.ts → node:zlib');
    expect(found.some((line) => line.startsWith('train/src/cli/') && line.endsWith('→ node:fs/promises'))).toBe(true);
  });

  it('package.json maps "." and "./node" to the built entries, types first', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGES, 'train/package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
      sideEffects: boolean;
    };
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(manifest.exports['./node']).toEqual({ types: './dist/node.d.ts', import: './dist/node.js' });
    expect(Object.keys(manifest.exports['./node'] as object)[0]).toBe('types');
    expect(manifest.sideEffects).toBe(false);
  });
});
