import { InvalidArgumentError } from '@gen/core';
import { type ArrayDataset, arrayDataset } from './array-dataset.js';
import { hostTable, type TableSource } from './table-source.js';

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** The dataset's name, also used in error messages (default `"csv"`). */
  name?: string;
}

/** Options of {@link toCsv}. */
export interface ToCsvOptions {
  /** Column names for a header line (default: no header). */
  columns?: readonly string[];
}

/** A decimal number; unambiguous, so matching (or failing on) a long field takes linear time. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses comma-separated numeric columns into a dataset.
 *
 * @remarks
 * Lines end in `\n`, `\r\n` or `\r`; blank lines are skipped; fields are trimmed and may be wrapped in double
 * quotes (quoted fields may not contain commas). The first non-blank line is a header when any of its fields is
 * neither empty nor a number (so pandas' `,x,y` is a header but `1,,2` is a data row with a missing value); its
 * fields become the column names. Every other line must hold the same number of fields, each a
 * finite decimal number (`1`, `-2.5`, `.5`, `3e-4`; no `NaN`, `Infinity` or empty fields). Values are kept as
 * float64 and sampled as float32.
 *
 * @param text - The CSV text.
 * @param options - The dataset's name.
 * @returns An {@link ArrayDataset} of the rows, with `columns` set from the header when there is one.
 * @throws `InvalidArgumentError` naming `text`, with the line and column, for a non-numeric field, a line with the
 *   wrong number of fields, or a file without data rows.
 * @example
 * ```ts
 * const data = parseCsv('x,y\n0.5,1\n-2,3e-1\n');
 * data.columns; // ['x', 'y']
 * data.size;    // 2
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): ArrayDataset {
  if (typeof text !== 'string') throw new InvalidArgumentError('text', 'CSV text (a string)', text);
  const { name = 'csv' } = options;
  const where = (line: number, column?: number): string =>
    `Line ${line}${column === undefined ? '' : `, column ${column}`} of ${name}.`;
  const values: number[] = [];
  let columns: string[] | undefined;
  let width = 0;
  let widthLine = 0;
  for (const [index, raw] of text.split(/\r\n|\n|\r/).entries()) {
    if (raw.trim() === '') continue;
    const line = index + 1;
    const fields = raw.split(',').map(unquote);
    if (widthLine === 0) {
      width = fields.length;
      widthLine = line;
      if (fields.some((field) => field !== '' && !NUMBER.test(field))) {
        columns = fields;
        continue;
      }
    }
    if (fields.length !== width) {
      throw new InvalidArgumentError(
        'text',
        `${width} fields on every line (as on line ${widthLine})`,
        fields.length,
        where(line),
      );
    }
    for (const [j, field] of fields.entries()) {
      const value = NUMBER.test(field) ? Number(field) : Number.NaN;
      if (!Number.isFinite(value))
        throw new InvalidArgumentError('text', 'a finite number in every field', field, where(line, j + 1));
      values.push(value);
    }
  }
  if (values.length === 0) {
    throw new InvalidArgumentError('text', 'CSV with at least one row of numbers', text, `No data rows in ${name}.`);
  }
  return arrayDataset(Float64Array.from(values), width, columns === undefined ? { name } : { name, columns });
}

/**
 * Writes a table as CSV that {@link parseCsv} reads back bit-exactly.
 *
 * @remarks
 * Each value is written as the shortest decimal that parses back to the same number: the same float32 for a
 * tensor, the same float64 for arrays (`-0` is kept). Lines end in `\n`, including the last.
 *
 * @param source - A float32/int32 tensor [N, D] (not disposed) or N rows of D finite numbers.
 * @param options - Optional header names.
 * @returns The CSV text.
 * @throws `InvalidArgumentError` / `ShapeError` naming `source` or its offending row or entry;
 *   `InvalidArgumentError` naming `options.columns` when it is not D names free of commas, quotes and line breaks,
 *   or a name is a number (it would read back as data).
 * @example
 * ```ts
 * const text = toCsv(x, { columns: ['x', 'y'] });
 * const back = parseCsv(text).toTensor(); // equal to x, bit for bit
 * ```
 */
export function toCsv(source: TableSource, options: ToCsvOptions = {}): string {
  const { values, rows, cols, float32 } = hostTable(source);
  const lines: string[] = [];
  const { columns } = options;
  if (columns !== undefined) {
    const valid =
      Array.isArray(columns) &&
      columns.length === cols &&
      columns.every((c) => typeof c === 'string' && !/[,"\r\n]/.test(c) && !NUMBER.test(c.trim()));
    if (!valid) {
      throw new InvalidArgumentError(
        'options.columns',
        `${cols} names without commas, quotes or line breaks, not numbers`,
        columns,
      );
    }
    lines.push(columns.join(','));
  }
  const format = float32 ? shortestFloat32 : shortestFloat64;
  for (let i = 0; i < rows; i += 1) {
    lines.push(Array.from(values.subarray(i * cols, (i + 1) * cols), format).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A trimmed field without its surrounding double quotes. */
function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

/** The shortest decimal that reads back as the float64 `v` (`-0` included). */
function shortestFloat64(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** The shortest decimal whose float32 rounding is `v` (a float32 value). */
function shortestFloat32(v: number): string {
  for (let digits = 1; digits < 9; digits += 1) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === v) return shortestFloat64(Object.is(v, -0) ? -0 : candidate);
  }
  return shortestFloat64(Number(v.toPrecision(9)));
}
