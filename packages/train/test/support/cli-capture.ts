import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

/** What a `runCli` call printed: stdout line by line, stderr as one text. */
export interface CliCapture {
  /** Channels to pass to `runCli`. */
  io: CliIo;
  /** The stdout lines, in order. */
  lines: string[];
  /** Everything written to stderr so far. */
  errors(): string;
}

/**
 * Output channels for an in-process `runCli` call that keep what the command printed.
 *
 * @returns The channels and what they received.
 * @example
 * ```ts
 * const out = captureCli();
 * expect(await runCli(['--help'], out.io)).toBe(0);
 * ```
 */
export function captureCli(): CliCapture {
  const lines: string[] = [];
  let errors = '';
  return {
    io: {
      out: (line: string) => lines.push(line),
      err: (text: string) => {
        errors += text;
      },
    },
    lines,
    errors: () => errors,
  };
}

/** What one in-process `gen` run returned and printed. */
export interface CliRun {
  /** The exit code. */
  code: number;
  /** The stdout lines. */
  lines: string[];
  /** Everything written to stderr. */
  errors: string;
}

/**
 * Runs the `gen` command line in-process on the cpu backend.
 *
 * @param argv - The arguments after the program name (`--backend cpu` is appended).
 * @returns The exit code and what the command printed.
 * @example
 * ```ts
 * const { code } = await runGen(['--help']);
 * ```
 */
export async function runGen(argv: string[]): Promise<CliRun> {
  const run = captureCli();
  const code = await runCli([...argv, '--backend', 'cpu'], run.io);
  return { code, lines: run.lines, errors: run.errors() };
}

/**
 * Asserts a bad-input failure: exit 2 and exactly one stderr line, `gen: Invalid argument "<flag>"…`, no stack.
 *
 * @param result - The run.
 * @param flag - The option the message must name.
 * @example
 * ```ts
 * expectBadInput(await runGen(['-n', '5']), '-n');
 * ```
 */
export function expectBadInput(result: Pick<CliRun, 'code' | 'errors'>, flag: string): void {
  expect(result.code, result.errors).toBe(2);
  const lines = result.errors.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(new RegExp(`^gen: Invalid argument "${flag}": `));
  expect(lines.filter((l) => l.startsWith('gen: '))).toHaveLength(1);
  expect(result.errors).not.toMatch(/\n\s+at /);
}
