import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The demo's source folder. */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The local modules each module of src/ imports or re-exports from (type-only imports included), by file name. */
function moduleGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(`${dir}${file}`, 'utf8');
    const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?['"](\.\/[\w-]+)(?:\.js|\.ts)?['"]/g)].map(
      (m) => `${(m[1] as string).slice(2)}.ts`,
    );
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first search, each as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return found;
}

describe("the demo's module graph", () => {
  const graph = moduleGraph(SRC);

  it('parses the imports of src/: every target is a module of src/', () => {
    expect(graph.size).toBeGreaterThan(15);
    expect(graph.get('main.ts')).toContain('render.ts');
    expect(graph.get('render.ts')).toContain('plots.ts');
    for (const targets of graph.values()) for (const target of targets) expect(graph.has(target)).toBe(true);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the page at the edge: only main and ui touch document or window (render and plots draw on canvases given)', () => {
    const domUsers = [...graph.keys()].filter((file) =>
      /\b(document|window|HTMLElement|requestAnimationFrame)\b/.test(
        readFileSync(`${SRC}${file}`, 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, ''),
      ),
    );
    expect(domUsers.sort()).toEqual(['main.ts', 'ui.ts']);
  });
});
