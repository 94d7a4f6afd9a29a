/**
 * Runs and type-checks every ```ts example of docs/guides/*.md: each block is written to
 * test/.guides-tmp/<guide>-<n>.ts (inside this package, so the @gen/* imports resolve), type-checked with this
 * package's tsconfig settings, and run with `node --import tsx`; it must exit with 0 and print something.
 * The folder is deleted afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const guidesDir = resolve(packageDir, '../../docs/guides');
const tmpDir = join(packageDir, 'test', '.guides-tmp');

interface Example {
  readonly name: string;
  readonly file: string;
  readonly code: string;
}

/** The ```ts blocks of one Markdown file, in order. */
function tsBlocks(markdown: string): string[] {
  return Array.from(markdown.matchAll(/^```ts\r?\n([\s\S]*?)^```/gm), (m) => m[1] ?? '');
}

const guides = readdirSync(guidesDir)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .sort();
const examples: Example[] = guides.flatMap((guide) =>
  tsBlocks(readFileSync(join(guidesDir, guide), 'utf8')).map((code, i) => {
    const name = `${basename(guide, '.md')}-${i + 1}`;
    return { name, file: join(tmpDir, `${name}.ts`), code };
  }),
);

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Hang guards, not speed checks (see vitest.shared.ts): one example, and all of them plus the type check, on CI's
 * 2 shared cores.
 */
const EXAMPLE_TIMEOUT_MS = 240_000;
const ALL_EXAMPLES_TIMEOUT_MS = 600_000;

function runExample(file: string): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file],
      { cwd: packageDir, timeout: EXAMPLE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout, stderr: error?.killed ? `${stderr}\n(killed: timeout)` : stderr });
      },
    );
  });
}

/** Runs every example, at most `limit` at a time. */
async function runAll(limit: number): Promise<Map<string, RunResult>> {
  const results = new Map<string, RunResult>();
  const queue = [...examples];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      results.set(next.name, await runExample(next.file));
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** Type-checks the examples with the compiler options of this package's tsconfig.json. */
function typeCheck(files: readonly string[]): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(packageDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error('cannot read tsconfig.json');
  const program = ts.createProgram(files, {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${basename(d.file.fileName)}:${line + 1}:${character + 1} ${text}`;
  });
}

describe('docs/guides examples', () => {
  let results = new Map<string, RunResult>();
  let diagnostics: string[] = [];

  beforeAll(async () => {
    rmSync(tmpDir, { recursive: true, force: true });
    mkdirSync(tmpDir, { recursive: true });
    for (const { file, code } of examples) writeFileSync(file, code);
    const running = runAll(Math.max(1, Math.min(4, availableParallelism())));
    diagnostics = typeCheck(examples.map((e) => e.file));
    results = await running;
  }, ALL_EXAMPLES_TIMEOUT_MS);

  afterAll(() => {
    rmSync(tmpDir, { recursive: true, force: true });
  });

  it('finds the guides', () => {
    expect(guides.length).toBeGreaterThanOrEqual(5);
  });

  it.each(guides)('%s has at least one example', (guide) => {
    expect(tsBlocks(readFileSync(join(guidesDir, guide), 'utf8')).length).toBeGreaterThan(0);
  });

  it('type-checks every example', () => {
    expect(diagnostics).toEqual([]);
  });

  it.each(examples.map((e) => e.name))('%s runs and prints', (name) => {
    const result = results.get(name);
    expect(result, `no result for ${name}`).toBeDefined();
    expect(result?.code, `${name} failed:\n${result?.stderr}`).toBe(0);
    expect(result?.stdout.trim().length, `${name} printed nothing`).toBeGreaterThan(0);
  });
});
