import { InvalidArgumentError } from '@gen/core';

/** Parsed command-line arguments: the command, its flags, and positional words. */
export interface ParsedArgs {
  /** The first positional word (e.g. `train`), or undefined when there is none. */
  command: string | undefined;
  /** Flags by name without dashes (`--steps 10` → `steps: '10'`, `-n 5` → `n: '5'`, a bare `--fast` → `'true'`). */
  flags: Record<string, string>;
}

/**
 * Parses `gen` command-line arguments: `gen <command> [--flag value | --flag=value | -n value | --switch]`.
 *
 * @param argv - The arguments after the program name.
 * @returns The command and flags.
 * @throws `InvalidArgumentError` for a second positional word (likely a typo).
 * @example
 * ```ts
 * parseArgs(['train', '--data', 'moons', '--steps=500']); // { command: 'train', flags: { data: 'moons', steps: '500' } }
 * ```
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags: Record<string, string> = {};
  let command: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] as string;
    if (word.startsWith('-')) {
      const name = word.replace(/^--?/, '');
      const eq = name.indexOf('=');
      if (eq >= 0) {
        flags[name.slice(0, eq)] = name.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        const takesValue = next !== undefined && (!next.startsWith('-') || /^-\d/.test(next));
        flags[name] = takesValue ? next : 'true';
        if (takesValue) i += 1;
      }
    } else if (command === undefined) {
      command = word;
    } else {
      throw new InvalidArgumentError('arguments', 'one command followed by --flags', word, 'Run `gen --help`.');
    }
  }
  return { command, flags };
}

/**
 * Reads a flag as a number with checks, or its default.
 *
 * @param flags - Parsed flags.
 * @param name - Flag name (without dashes).
 * @param fallback - Default when absent.
 * @param check - `'positive-integer'`, `'non-negative-integer'` or `'positive'`.
 * @returns The number.
 * @throws `InvalidArgumentError` naming `--<name>`.
 * @example
 * ```ts
 * const steps = numberFlag(flags, 'steps', 5000, 'non-negative-integer');
 * ```
 */
export function numberFlag(
  flags: Record<string, string>,
  name: string,
  fallback: number,
  check: 'positive-integer' | 'non-negative-integer' | 'positive',
): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const ok =
    check === 'positive'
      ? Number.isFinite(value) && value > 0
      : Number.isSafeInteger(value) && (check === 'non-negative-integer' ? value >= 0 : value >= 1);
  if (!ok) {
    const expected =
      check === 'positive' ? 'a positive number' : check === 'positive-integer' ? 'an integer ≥ 1' : 'an integer ≥ 0';
    throw new InvalidArgumentError(`--${name}`, expected, raw);
  }
  return value;
}
