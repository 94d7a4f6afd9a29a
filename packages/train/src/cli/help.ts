import type { OptionTable } from './option-types.js';

/** A `gen` command as help describes it. */
export interface CommandHelp {
  /** How it is invoked, e.g. `gen train`. */
  usage: string;
  /** What it does, in a few words for the overview. */
  brief: string;
  /** What it does (one or more lines). */
  summary: string;
  /** Its options. */
  options: OptionTable;
}

/**
 * Formats a command's help: usage, summary, and every option with its value type and default.
 *
 * @param command - The command.
 * @returns The help text (no trailing newline).
 * @example
 * ```ts
 * io.out(commandHelp({ usage: 'gen train', brief: 'train', summary: 'Trains a model.', options: TRAIN_OPTIONS }));
 * ```
 */
export function commandHelp(command: CommandHelp): string {
  const rows = Object.values(command.options).map((spec) => ({
    left: spec.takesValue ? `${spec.flag} <${spec.valueName}>` : spec.flag,
    right: `${spec.help} (default: ${spec.defaultText})`,
  }));
  const width = Math.min(28, Math.max(...rows.map((r) => r.left.length)));
  const lines = rows.map(({ left, right }) =>
    left.length > width ? `  ${left}\n  ${' '.repeat(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`,
  );
  return `Usage: ${command.usage} [options]\n\n${command.summary}\n\nOptions:\n${lines.join('\n')}\n  ${'--help'.padEnd(width)}  show this help`;
}

/**
 * The overview `gen --help` prints.
 *
 * @param commands - The commands, in the order shown.
 * @returns The overview text.
 * @example
 * ```ts
 * io.out(overviewHelp([trainHelp, sampleHelp]));
 * ```
 */
export function overviewHelp(commands: readonly CommandHelp[]): string {
  const list = commands.map((c) => `  ${c.usage.padEnd(11)} ${c.brief}`).join('\n');
  return `gen — train, sample and evaluate flow and diffusion models

Usage: gen [command] [options]

Commands:
${list}

Run \`gen <command> --help\` for a command's options, types and defaults.
Exit codes: 0 success; 2 bad input (an option, a path, a file, a size) with one line on stderr; 1 any other failure
(a numerical failure such as a solve that runs out of steps, or an unexpected error).`;
}
