import { InvalidArgumentError } from '@gen/core';

/** Tick marks for one axis: their values and the step between them. */
export interface Ticks {
  /** The tick values inside the range, increasing, multiples of `step`. */
  values: number[];
  /** The distance between ticks: 1, 2 or 5 × 10^k. */
  step: number;
}

/**
 * Round tick values for an axis: the multiples, inside [lo, hi], of the smallest step of the form 1, 2 or 5 × 10^k
 * that gives at most `maxCount` ticks.
 *
 * @param lo - The axis's smallest value.
 * @param hi - Its largest value (greater than `lo`, both finite).
 * @param maxCount - The most ticks wanted (default 7; an integer from 2 to 1000).
 * @returns The ticks; values are rounded to 12 significant digits so that 3 · 0.1 reads 0.3.
 * @throws `InvalidArgumentError` naming `lo`/`hi` (not finite, or lo ≥ hi) or `maxCount`.
 * @example
 * ```ts
 * niceTicks(-1.3, 2.7).values; // [-1, 0, 1, 2]
 * ```
 */
export function niceTicks(lo: number, hi: number, maxCount = 7): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi))
    throw new InvalidArgumentError('lo, hi', 'finite numbers with lo < hi', `${lo}, ${hi}`);
  if (!Number.isInteger(maxCount) || maxCount < 2 || maxCount > 1000)
    throw new InvalidArgumentError('maxCount', 'an integer from 2 to 1000', maxCount);
  const count = (step: number) => Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) + 1;
  let exponent = Math.floor(Math.log10((hi - lo) / maxCount));
  for (;;) {
    for (const mantissa of [1, 2, 5]) {
      const step = mantissa * 10 ** exponent;
      if (count(step) <= maxCount) {
        const first = Math.ceil(lo / step - 1e-9);
        const values = Array.from({ length: count(step) }, (_, k) => Number(((first + k) * step).toPrecision(12)));
        return { values, step: Number(step.toPrecision(12)) };
      }
    }
    exponent += 1;
  }
}

/**
 * A tick label: as many decimals as the step needs, a true minus sign (U+2212), and "0" rather than "−0"; steps
 * from 10⁵ up or below 10⁻³ use exponent notation ("2e−4").
 *
 * @param value - The tick value.
 * @param step - The step between the axis's ticks.
 * @returns The label.
 * @example
 * ```ts
 * formatTick(-0.5, 0.5); // '−0.5'
 * ```
 */
export function formatTick(value: number, step: number): string {
  if (step >= 1e5 || step < 1e-3) {
    const rounded = Math.round(value / step) * step;
    if (rounded === 0) return '0';
    const digits = Math.max(0, Math.floor(Math.log10(Math.abs(rounded))) - Math.floor(Math.log10(step) + 1e-9));
    return rounded.toExponential(Math.min(20, digits)).replace('e+', 'e').replace(/-/g, '\u2212');
  }
  const text = value.toFixed(Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return /^-[0.]*$/.test(text) ? text.slice(1) : text.replace('-', '\u2212');
}
