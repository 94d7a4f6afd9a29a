import { InvalidArgumentError } from '@gen/core';

/** Longest part of a user's input that an error message repeats (the rest is cut and marked with "…"). */
const ECHO_LIMIT = 80;

/**
 * Cuts user input to at most 80 characters (or `limit`) for an error message, so that a message echoing a pasted
 * megabyte stays one short line.
 *
 * @param text - What the user typed.
 * @param limit - Most characters kept (default 80).
 * @returns The text, or its first `limit` characters followed by "…".
 * @example
 * ```ts
 * clip('x'.repeat(1000)).length; // 81
 * ```
 */
export function clip(text: string, limit = ECHO_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/**
 * One option of a `gen` command: how it is written, what it means, its default, and how its text becomes a value.
 * Parsing, the command's `--help` and the error messages all come from these.
 */
export interface OptionSpec<T> {
  /** How it is written: `--steps`, or `-n` for a one-letter option. */
  readonly flag: string;
  /** The kind of value it takes, shown in help and errors (e.g. `integer ≥ 0`); empty for a switch. */
  readonly valueName: string;
  /** What it does (one line). */
  readonly help: string;
  /** The value when the option is absent. */
  readonly default: T;
  /** The default as help shows it. */
  readonly defaultText: string;
  /** Whether it takes a value (false for a switch, which is true when present). */
  readonly takesValue: boolean;
  /**
   * Turns the option's text into its value.
   *
   * @param raw - The text after the flag (never empty).
   * @returns The value.
   * @throws `InvalidArgumentError` naming the flag.
   */
  parse(raw: string): T;
}

/** The value type of an {@link OptionSpec}. */
export type OptionValue<S> = S extends OptionSpec<infer T> ? T : never;

/** A command's options by their name in code (camelCase). */
export type OptionTable = Record<string, OptionSpec<unknown>>;

/** The typed values of a parsed {@link OptionTable}. */
export type OptionValues<T extends OptionTable> = { -readonly [K in keyof T]: OptionValue<T[K]> };

/** Limits of an {@link integerOption}. */
export interface IntegerLimits {
  /** Smallest value. */
  min: number;
  /** Largest value (default `Number.MAX_SAFE_INTEGER`). */
  max?: number;
  /** Explains what a value above `max` would need (memory, time), appended to the error. */
  tooLarge?: (value: number) => string;
}

/**
 * An option taking an integer within limits (`1e4` is accepted as 10000).
 *
 * @param flag - `--name` or `-n`.
 * @param help - What it does.
 * @param fallback - The default.
 * @param limits - Range, and what a too-large value would cost.
 * @returns The option.
 * @example
 * ```ts
 * const steps = integerOption('--steps', 'training updates', 5000, { min: 0 });
 * ```
 */
export function integerOption(flag: string, help: string, fallback: number, limits: IntegerLimits): OptionSpec<number> {
  const max = limits.max ?? Number.MAX_SAFE_INTEGER;
  const valueName = max === Number.MAX_SAFE_INTEGER ? `integer ≥ ${limits.min}` : `integer ${limits.min}…${max}`;
  return {
    flag,
    valueName,
    help,
    default: fallback,
    defaultText: String(fallback),
    takesValue: true,
    parse(raw) {
      const value = Number(raw);
      if (!Number.isSafeInteger(value) || value < limits.min || value > max) {
        const cost = Number.isFinite(value) && value > max && limits.tooLarge ? limits.tooLarge(value) : undefined;
        throw new InvalidArgumentError(flag, `an ${valueName}`, clip(raw), cost);
      }
      return value;
    },
  };
}

/** Limits of a {@link realOption}. */
export interface RealLimits {
  /** Values must be above this (exclusive). */
  above?: number;
  /** Values must be at least this (inclusive). */
  atLeast?: number;
  /** Values must be below this (exclusive). */
  below?: number;
}

/**
 * An option taking a finite real number within limits.
 *
 * @param flag - `--name`.
 * @param help - What it does.
 * @param fallback - The default.
 * @param limits - The allowed range.
 * @returns The option.
 * @example
 * ```ts
 * const lr = realOption('--lr', 'peak learning rate', 1e-3, { above: 0 });
 * ```
 */
export function realOption(flag: string, help: string, fallback: number, limits: RealLimits): OptionSpec<number> {
  const parts = [
    limits.above === undefined ? '' : `> ${limits.above}`,
    limits.atLeast === undefined ? '' : `≥ ${limits.atLeast}`,
    limits.below === undefined ? '' : `< ${limits.below}`,
  ].filter((p) => p !== '');
  const valueName = `number ${parts.join(' and ')}`.trim();
  return {
    flag,
    valueName,
    help,
    default: fallback,
    defaultText: String(fallback),
    takesValue: true,
    parse(raw) {
      const value = Number(raw);
      const ok =
        raw.trim() !== '' &&
        Number.isFinite(value) &&
        (limits.above === undefined || value > limits.above) &&
        (limits.atLeast === undefined || value >= limits.atLeast) &&
        (limits.below === undefined || value < limits.below);
      if (!ok) throw new InvalidArgumentError(flag, `a ${valueName}`, clip(raw));
      return value;
    },
  };
}

/**
 * An option taking one of a fixed list of words.
 *
 * @param flag - `--name`.
 * @param help - What it does.
 * @param values - The accepted words.
 * @param fallback - The default (one of `values`).
 * @returns The option.
 * @example
 * ```ts
 * const objective = choiceOption('--objective', 'training objective', OBJECTIVE_NAMES, 'ot-cfm');
 * ```
 */
export function choiceOption<const V extends string>(
  flag: string,
  help: string,
  values: readonly V[],
  fallback: V,
): OptionSpec<V> {
  return {
    flag,
    valueName: values.join('|'),
    help,
    default: fallback,
    defaultText: fallback,
    takesValue: true,
    parse(raw) {
      if (!(values as readonly string[]).includes(raw)) {
        throw new InvalidArgumentError(flag, `one of ${values.map((v) => `"${v}"`).join(', ')}`, clip(raw));
      }
      return raw as V;
    },
  };
}

/**
 * An option taking free text (a path, a data set name checked later); absent means `undefined` and a default
 * that depends on other options, described by `defaultText`.
 *
 * @param flag - `--name`.
 * @param valueName - What the text is, e.g. `folder`.
 * @param help - What it does.
 * @param defaultText - The default as help shows it.
 * @returns The option.
 * @example
 * ```ts
 * const out = textOption('--out', 'folder', 'where the run goes', 'runs/<data>');
 * ```
 */
export function textOption(
  flag: string,
  valueName: string,
  help: string,
  defaultText: string,
): OptionSpec<string | undefined> {
  return { flag, valueName, help, default: undefined, defaultText, takesValue: true, parse: (raw) => raw };
}

/**
 * An option taking free text with a fixed default.
 *
 * @param flag - `--name`.
 * @param valueName - What the text is.
 * @param help - What it does.
 * @param fallback - The default.
 * @returns The option.
 * @example
 * ```ts
 * const model = pathOption('--model', 'folder', 'a folder written by gen train', 'runs/moons');
 * ```
 */
export function pathOption(flag: string, valueName: string, help: string, fallback: string): OptionSpec<string> {
  return { flag, valueName, help, default: fallback, defaultText: fallback, takesValue: true, parse: (raw) => raw };
}

/**
 * An option taking a comma-separated list of layer widths, each an integer ≥ 1 (the model's total size is checked
 * where the data dimension is known).
 *
 * @param flag - `--name`.
 * @param help - What it does.
 * @param fallback - The default widths.
 * @returns The option.
 * @example
 * ```ts
 * const hidden = widthsOption('--hidden', 'hidden layer widths', [256, 256, 256]);
 * ```
 */
export function widthsOption(flag: string, help: string, fallback: readonly number[]): OptionSpec<number[]> {
  return {
    flag,
    valueName: 'w1,w2,…',
    help,
    default: [...fallback],
    defaultText: fallback.join(','),
    takesValue: true,
    parse(raw) {
      const widths = raw.split(',').map((w) => (w.trim() === '' ? Number.NaN : Number(w)));
      if (widths.some((w) => !Number.isSafeInteger(w) || w < 1)) {
        throw new InvalidArgumentError(flag, 'comma-separated layer widths ≥ 1, e.g. 256,256,256', clip(raw));
      }
      return widths;
    },
  };
}

/**
 * An option taking a comma-separated list of feature-map heights (integers ≥ 1), or `none` for an empty list.
 *
 * @param flag - `--name`.
 * @param help - What it does.
 * @param fallback - The default heights.
 * @returns The option.
 * @example
 * ```ts
 * const attention = resolutionsOption('--attention-resolutions', 'heights with attention', [7]);
 * ```
 */
export function resolutionsOption(flag: string, help: string, fallback: readonly number[]): OptionSpec<number[]> {
  const list = widthsOption(flag, help, fallback);
  return {
    ...list,
    valueName: 'h1,h2,…|none',
    defaultText: fallback.length === 0 ? 'none' : list.defaultText,
    parse(raw) {
      if (raw.trim() === 'none') return [];
      try {
        return list.parse(raw);
      } catch {
        throw new InvalidArgumentError(flag, 'comma-separated heights ≥ 1, e.g. 14,7, or none', clip(raw));
      }
    },
  };
}

/**
 * A switch: no value; `true` when present, `false` when absent.
 *
 * @param flag - `--name`.
 * @param help - What it does.
 * @returns The option.
 * @example
 * ```ts
 * const resume = switchOption('--resume', 'continue the run in --out from its latest checkpoint');
 * ```
 */
export function switchOption(flag: string, help: string): OptionSpec<boolean> {
  return {
    flag,
    valueName: '',
    help,
    default: false,
    defaultText: 'off',
    takesValue: false,
    parse: () => true,
  };
}

/**
 * Every option of a table at its default, as a command receives them when nothing is given (the demo runs
 * sample, eval and plot this way).
 *
 * @param table - The option table.
 * @returns The default values.
 * @example
 * ```ts
 * const flags = { ...defaultValues(SAMPLE_OPTIONS), model: 'runs/moons' };
 * ```
 */
export function defaultValues<T extends OptionTable>(table: T): OptionValues<T> {
  return Object.fromEntries(Object.entries(table).map(([key, spec]) => [key, spec.default])) as OptionValues<T>;
}
