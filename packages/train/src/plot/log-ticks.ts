import { InvalidArgumentError } from '@gen/core';
import { formatTick, niceTicks } from './ticks.js';

/** Ticks for a logarithmic axis, each with its label. */
export interface LogTicks {
  /** The tick values, increasing, inside the range. */
  values: number[];
  /** `labels[i]` is written at `values[i]`. */
  labels: string[];
}

/**
 * Ticks for a logarithmic axis from `min` to `max`: 1, 2 and 5 × 10^k inside the range; when that is more than
 * `maxCount`, only powers of ten (every 1, 2, 5, 10, 20, … decades); when fewer than 2 fall inside (a range within one
 * decade's gap), round values as on a linear axis.
 *
 * @param min - The axis's smallest value (positive, finite).
 * @param max - Its largest value (finite, greater than `min`).
 * @param maxCount - The most ticks wanted (default 7; an integer from 2 to 1000).
 * @returns The ticks and their labels (`formatTick` of each value with its own decade as the step).
 * @throws `InvalidArgumentError` naming `min, max` or `maxCount`.
 * @example
 * ```ts
 * logTicks(0.15, 1.2).labels; // ['0.2', '0.5', '1']
 * ```
 */
export function logTicks(min: number, max: number, maxCount = 7): LogTicks {
  if (!(min > 0) || !Number.isFinite(max) || !(min < max))
    throw new InvalidArgumentError('min, max', 'finite numbers with 0 < min < max', `${min}, ${max}`);
  if (!Number.isInteger(maxCount) || maxCount < 2 || maxCount > 1000)
    throw new InvalidArgumentError('maxCount', 'an integer from 2 to 1000', maxCount);
  const [lo, hi] = [Math.log10(min), Math.log10(max)];
  const values: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k += 1) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) values.push(v);
    }
  }
  if (values.length > maxCount) {
    const [kLo, kHi] = [Math.ceil(lo - 1e-9), Math.floor(hi + 1e-9)];
    for (let e = 0; ; e += 1) {
      for (const step of [1, 2, 5].map((m) => m * 10 ** e)) {
        const first = Math.ceil(kLo / step) * step;
        const exponents = Array.from({ length: Math.floor((kHi - first) / step) + 1 }, (_, i) => first + i * step);
        if (exponents.length <= maxCount) return labelled(exponents.map((k) => Number((10 ** k).toPrecision(12))));
      }
    }
  }
  if (values.length >= 2) return labelled(values);
  const linear = niceTicks(min, max, Math.min(maxCount, 4));
  return { values: linear.values, labels: linear.values.map((v) => formatTick(v, linear.step)) };
}

/** Labels each value with its own decade as the step. */
function labelled(values: number[]): LogTicks {
  return { values, labels: values.map((v) => formatTick(v, 10 ** Math.floor(Math.log10(v) + 1e-9))) };
}
