import type { Tolerance } from '../tolerance.js';

/** An output tensor read back to the host. */
export interface HostOutput {
  /** The values in row-major order. */
  readonly values: ArrayLike<number>;
  /** The shape. */
  readonly shape: readonly number[];
  /** The dtype. */
  readonly dtype: string;
}

/** How far outputs are from their reference. */
export interface OutputComparison {
  /** max |actual − reference| over every entry of every output (Infinity where one side alone is NaN). */
  readonly maxAbsError: number;
  /** max |actual − reference| / (atol + rtol·|reference|); at most 1 means within tolerance. */
  readonly maxScaledError: number;
  /** Why the outputs cannot be compared entry by entry (count, shape or dtype differ), when they cannot. */
  readonly mismatch?: string;
}

/**
 * Compares outputs entry by entry: float32 entries within `atol + rtol·|reference|`, int32 and bool entries
 * exactly; NaN matches NaN and an infinity matches the same infinity.
 *
 * @param actual - The outputs of the backend under test.
 * @param expected - The reference outputs.
 * @param tolerance - The float32 tolerance.
 * @returns The largest absolute and scaled errors, or why the outputs do not match in form.
 */
export function compareOutputs(
  actual: readonly HostOutput[],
  expected: readonly HostOutput[],
  tolerance: Tolerance,
): OutputComparison {
  if (actual.length !== expected.length) {
    return {
      maxAbsError: Number.NaN,
      maxScaledError: Number.NaN,
      mismatch: `${actual.length} outputs, reference ${expected.length}`,
    };
  }
  const { atol = 0, rtol = 0 } = tolerance;
  let maxAbsError = 0;
  let maxScaledError = 0;
  for (const [k, out] of actual.entries()) {
    const ref = expected[k] as HostOutput;
    if (out.dtype !== ref.dtype || out.shape.join() !== ref.shape.join()) {
      const describe = (o: HostOutput) => `${o.dtype} [${o.shape.join(', ')}]`;
      return {
        maxAbsError: Number.NaN,
        maxScaledError: Number.NaN,
        mismatch: `output ${k} is ${describe(out)}, reference ${describe(ref)}`,
      };
    }
    const exact = out.dtype !== 'float32';
    for (let i = 0; i < ref.values.length; i += 1) {
      const a = out.values[i] as number;
      const e = ref.values[i] as number;
      const error = a === e || (Number.isNaN(a) && Number.isNaN(e)) ? 0 : Math.abs(a - e);
      const allowed = exact ? 0 : atol + rtol * Math.abs(e);
      const scaled = error === 0 ? 0 : allowed > 0 ? error / allowed : Number.POSITIVE_INFINITY;
      maxAbsError = Math.max(maxAbsError, Number.isNaN(error) ? Number.POSITIVE_INFINITY : error);
      maxScaledError = Math.max(maxScaledError, Number.isNaN(scaled) ? Number.POSITIVE_INFINITY : scaled);
    }
  }
  return { maxAbsError, maxScaledError };
}
