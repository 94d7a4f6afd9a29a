/**
 * Type-checks and runs the ```ts examples of Markdown files (the guides, the READMEs): the one runner behind
 * test/guides.test.ts and test/readme.test.ts.
 *
 * Each block is written to `<packageDir>/.examples-tmp/<suite>/<document>-<n>.ts`, where `packageDir` is the package
 * whose dependencies the example imports (a package's README runs inside that package, so `@gen/<it>` resolves to
 * itself through its `exports`), type-checked (all in one program, with the settings every package's tsconfig.json
 * shares), and run with `node --import tsx` from that package's folder. It must exit with 0, print something, and not print gen's warning
 * about an unchosen cpu backend (every example picks its backend with `initBackend`). The folders are deleted
 * afterwards. Shell blocks (```sh) are not run here; see the suites that say which tests cover them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CPU_BACKEND_WARNING } from '@gen/core/internal';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A Markdown file whose examples run inside `packageDir`. */
export interface MarkdownDocument {
  /** Short unique name, used in test names and file names (e.g. `02-flows-as-odes`, `ode-README`). */
  readonly name: string;
  /** Absolute path of the Markdown file. */
  readonly markdownFile: string;
  /** Absolute path of the package the examples import from. */
  readonly packageDir: string;
}

/** This package (its tsconfig.json gives the compiler options) and the repository root. */
const ownPackageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repositoryDir = resolve(ownPackageDir, '../..');

interface Example {
  readonly name: string;
  readonly file: string;
  readonly code: string;
  readonly packageDir: string;
}

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock seconds of the run (reported, never asserted: speed lives in benchmarks). */
  readonly seconds: number;
}

/** The ```ts blocks of one Markdown text, in order. */
export function tsBlocks(markdown: string): string[] {
  return Array.from(markdown.matchAll(/^```ts\r?\n([\s\S]*?)^```/gm), (m) => m[1] ?? '');
}

/**
 * Hang guards, not speed checks (see vitest.shared.ts): one example, and all of them plus the type check, on CI's
 * 2 shared cores.
 */
const EXAMPLE_TIMEOUT_MS = 240_000;
const ALL_EXAMPLES_TIMEOUT_MS = 600_000;

function runExample(example: Example): Promise<RunResult> {
  const started = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', example.file],
      { cwd: example.packageDir, timeout: EXAMPLE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        const seconds = (performance.now() - started) / 1000;
        done({ code, stdout, stderr: error?.killed ? `${stderr}\n(killed: timeout)` : stderr, seconds });
      },
    );
  });
}

/** Runs every example, at most `limit` at a time. */
async function runAll(examples: readonly Example[], limit: number): Promise<Map<string, RunResult>> {
  const results = new Map<string, RunResult>();
  const queue = [...examples];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      results.set(next.name, await runExample(next));
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/**
 * Type-checks files in one program with the compiler options of this package's tsconfig.json (every package's
 * extends the same base), without its `rootDir`, so that examples inside other packages resolve their imports from
 * where they lie.
 */
function typeCheck(files: readonly string[]): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ownPackageDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${ownPackageDir}/tsconfig.json`);
  const { rootDir: _rootDir, ...options } = parsed.options;
  const program = ts.createProgram(files, {
    ...options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(repositoryDir, d.file.fileName)}:${line + 1}:${character + 1} ${text}`;
  });
}

/** The temporary folder of one suite inside one package. */
function tmpDir(packageDir: string, suite: string): string {
  return join(packageDir, '.examples-tmp', suite);
}

/** Removes a suite's temporary folder, and `.examples-tmp` itself once no other suite uses it. */
function removeTmp(packageDir: string, suite: string): void {
  rmSync(tmpDir(packageDir, suite), { recursive: true, force: true });
  const parent = dirname(tmpDir(packageDir, suite));
  try {
    if (readdirSync(parent).length === 0) rmSync(parent, { recursive: true, force: true });
  } catch {
    // already gone
  }
}

/**
 * Declares a vitest suite that type-checks and runs every ```ts example of `documents`: one test for the type check
 * and one per example (`<document>-<n> runs and prints`).
 *
 * @param suite - Suite title, also the temporary folder's name (unique per test file: suites run concurrently).
 * @param documents - The Markdown files and the packages their examples run in.
 */
export function describeMarkdownExamples(suite: string, documents: readonly MarkdownDocument[]): void {
  const examples: Example[] = documents.flatMap((doc) =>
    tsBlocks(readFileSync(doc.markdownFile, 'utf8')).map((code, i) => {
      const name = `${doc.name}-${i + 1}`;
      return { name, file: join(tmpDir(doc.packageDir, suite), `${name}.ts`), code, packageDir: doc.packageDir };
    }),
  );
  const packageDirs = [...new Set(examples.map((e) => e.packageDir))];

  describe(suite, () => {
    let results = new Map<string, RunResult>();
    let diagnostics: string[] = [];

    beforeAll(async () => {
      for (const dir of packageDirs) {
        removeTmp(dir, suite);
        mkdirSync(tmpDir(dir, suite), { recursive: true });
      }
      for (const { file, code } of examples) writeFileSync(file, code);
      const running = runAll(examples, Math.max(1, Math.min(4, availableParallelism())));
      diagnostics = typeCheck(examples.map((e) => e.file));
      results = await running;
      const times = [...results].map(([name, r]) => `${name} ${r.seconds.toFixed(1)} s`).join(', ');
      console.log(`${suite}, seconds each (up to 4 at a time): ${times}`);
    }, ALL_EXAMPLES_TIMEOUT_MS);

    afterAll(() => {
      for (const dir of packageDirs) removeTmp(dir, suite);
    });

    it('type-checks every example', () => {
      expect(diagnostics).toEqual([]);
    });

    it.each(examples.map((e) => e.name))('%s runs and prints', (name) => {
      const result = results.get(name);
      expect(result, `no result for ${name}`).toBeDefined();
      expect(result?.code, `${name} failed:\n${result?.stderr}`).toBe(0);
      expect(result?.stdout.trim().length, `${name} printed nothing`).toBeGreaterThan(0);
      expect(result?.stderr, `${name} runs on a backend it did not choose`).not.toContain(CPU_BACKEND_WARNING);
    });
  });
}
