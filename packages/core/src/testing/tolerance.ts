/** float32 machine epsilon, 2⁻²³. */
export const FLOAT32_EPS = 2 ** -23;

/** Tolerances for {@link expectClose}: passes when |a − e| ≤ atol + rtol·|e| for every entry. */
export interface Tolerance {
  /** Absolute tolerance (default 0). */
  atol?: number;
  /** Relative tolerance (default 0). */
  rtol?: number;
}

/**
 * Asserts that `actual` and `expected` agree entrywise within `atol + rtol·|expected|`.
 *
 * @param actual - A number or array-like of numbers.
 * @param expected - The reference, same length.
 * @param tolerance - Absolute and relative tolerances.
 * @param label - A name for the quantity, used in the failure message.
 * @throws `Error` naming the worst entry, its values and the allowed error.
 * @example
 * ```ts
 * expectClose(await logp.data(), reference, { atol: 1e-5 }, 'logp');
 * ```
 */
export function expectClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  tolerance: Tolerance,
  label = 'value',
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  if (a.length !== e.length) throw new Error(`${label}: length ${a.length} differs from expected length ${e.length}.`);
  const { atol = 0, rtol = 0 } = tolerance;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i += 1) {
    const ai = a[i] as number;
    const ei = e[i] as number;
    const excess = Math.abs(ai - ei) - (atol + rtol * Math.abs(ei));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    const ai = a[worst] as number;
    const ei = e[worst] as number;
    throw new Error(
      `${label}[${worst}] = ${ai} differs from ${ei} by ${Math.abs(ai - ei)}; allowed ${atol + rtol * Math.abs(ei)} ` +
        `(atol ${atol}, rtol ${rtol}).`,
    );
  }
}

/**
 * The least-squares slope of log(y) against log(x): the empirical order of a convergent method when x are step
 * sizes and y errors.
 *
 * @param xs - Positive abscissae (e.g. step sizes).
 * @param ys - Positive ordinates (e.g. errors), same length, at least 2.
 * @returns The fitted slope.
 * @throws `Error` when lengths differ, fewer than 2 points, or a value is not positive.
 * @example
 * ```ts
 * const order = fitLogLogSlope([0.1, 0.05, 0.025], [1e-4, 6.3e-6, 3.9e-7]); // ≈ 4
 * ```
 */
export function fitLogLogSlope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2)
    throw new Error('fitLogLogSlope: need two equal-length arrays of ≥ 2 points.');
  if ([...xs, ...ys].some((v) => !(v > 0))) throw new Error('fitLogLogSlope: every value must be positive.');
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = mean(lx);
  const my = mean(ly);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i += 1) {
    sxy += ((lx[i] as number) - mx) * ((ly[i] as number) - my);
    sxx += ((lx[i] as number) - mx) ** 2;
  }
  return sxy / sxx;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
