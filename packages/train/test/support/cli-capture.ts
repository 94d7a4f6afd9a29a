import type { CliIo } from '../../src/cli/io.js';

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
