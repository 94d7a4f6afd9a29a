import { InvalidArgumentError } from '@gen/core';
import { clip, type OptionTable, type OptionValues } from './option-types.js';

/** A command line split into its command and the words after it. */
export interface CommandLine {
  /** The first word when it is not an option (e.g. `train`), or undefined (the demo). */
  command: string | undefined;
  /** The words after the command. */
  rest: string[];
  /** Whether `--help` or `-h` appears anywhere. */
  help: boolean;
}

/**
 * Splits `gen` arguments into the command and its option words.
 *
 * @param argv - The arguments after the program name.
 * @returns The command, the rest, and whether help was asked for.
 * @example
 * ```ts
 * splitCommand(['train', '--steps', '5']); // { command: 'train', rest: ['--steps', '5'], help: false }
 * ```
 */
export function splitCommand(argv: readonly string[]): CommandLine {
  const first = argv[0];
  const hasCommand = first !== undefined && !first.startsWith('-');
  const rest = argv.slice(hasCommand ? 1 : 0);
  return {
    command: hasCommand ? first : undefined,
    rest,
    help: rest.some((w) => w === '--help' || w === '-h'),
  };
}

/** Typed option values, and which options were written on the command line. */
export interface ParsedOptions<T extends OptionTable> {
  /** Every option's value (its default when absent). */
  values: OptionValues<T>;
  /** The names (table keys) of the options that were given. */
  given: Set<keyof T>;
}

/**
 * Parses a command's option words against its option table: `--flag value`, `--flag=value`, `-n value`, and
 * switches (`--resume`). Every error names the flag.
 *
 * @param table - The command's options.
 * @param words - The words after the command.
 * @param command - The command's name for messages (e.g. `gen train`).
 * @returns The typed values and the set of given options.
 * @throws `InvalidArgumentError` for an unknown option (with the closest valid one), a value that is missing or
 *   empty, a value given to a switch, an option given twice, a stray word, or a value the option rejects.
 * @example
 * ```ts
 * const { values } = parseOptions(TRAIN_OPTIONS, ['--steps', '500'], 'gen train'); // values.steps === 500
 * ```
 */
export function parseOptions<T extends OptionTable>(
  table: T,
  words: readonly string[],
  command: string,
): ParsedOptions<T> {
  const byFlag = new Map(Object.entries(table).map(([key, spec]) => [spec.flag, key]));
  const raw = new Map<string, string>();
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    if (!word.startsWith('-') || isNumber(word)) {
      throw new InvalidArgumentError(
        'arguments',
        `options of \`${command}\` (--name value)`,
        clip(word),
        helpHint(command),
      );
    }
    const eq = word.indexOf('=');
    const flag = eq >= 0 ? word.slice(0, eq) : word;
    const key = byFlag.get(flag);
    if (key === undefined) {
      const near = closest(flag, [...byFlag.keys()]);
      throw new InvalidArgumentError(
        clip(flag),
        `an option of \`${command}\``,
        'an unknown option',
        `${near === undefined ? '' : `Did you mean "${near}"? `}${helpHint(command)}`,
      );
    }
    const spec = table[key] as OptionTable[string];
    if (raw.has(key)) throw new InvalidArgumentError(flag, 'to be given once', 'it twice');
    let value: string;
    if (!spec.takesValue) {
      if (eq >= 0) throw new InvalidArgumentError(flag, 'no value (it is a switch)', clip(word.slice(eq + 1)));
      value = '';
    } else if (eq >= 0) {
      value = word.slice(eq + 1);
    } else {
      const next = words[i + 1];
      if (next === undefined || (next.startsWith('-') && !isNumber(next))) {
        throw new InvalidArgumentError(
          flag,
          `a value (${spec.valueName})`,
          next === undefined ? 'nothing (it is the last word)' : `the option ${clip(next)}`,
        );
      }
      value = next;
      i += 1;
    }
    if (spec.takesValue && value.trim() === '') {
      throw new InvalidArgumentError(flag, `a value (${spec.valueName})`, 'an empty one');
    }
    raw.set(key, value);
  }
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) {
    const text = raw.get(key);
    values[key] = text === undefined ? spec.default : spec.parse(text);
  }
  return { values: values as OptionValues<T>, given: new Set(raw.keys()) as Set<keyof T> };
}

/** Whether a word is a number (so `--lr -1` reads -1 as the value, not as an option). */
function isNumber(word: string): boolean {
  return word.trim() !== '' && Number.isFinite(Number(word));
}

function helpHint(command: string): string {
  return `Run \`${command} --help\` for its options.`;
}

/** The candidate nearest to `word` by edit distance (dashes aside), when it is close enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const name = word.replace(/^-+/, '').slice(0, 64);
  let best: string | undefined;
  let bestDistance = (name.length <= 3 ? 1 : 2) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate.replace(/^-+/, ''));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
