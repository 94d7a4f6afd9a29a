import { expect } from 'vitest';

/**
 * How far a float32 result may be from its reference: |got − want| ≤ abs + rel·|want|, with `abs` either one
 * number or one per element (for error bounds that depend on the inputs, as a sum's does). NaN must meet NaN and an
 * infinity the same infinity; integer and bool results use {@link EXACT}.
 */
export interface Tolerance {
  readonly abs: number | ArrayLike<number>;
  readonly rel: number;
}

/** Same value (for float32 that the op rounds once and exactly, for integers, bools and data movement). */
export const EXACT: Tolerance = { abs: 0, rel: 0 };

/** float32 unit roundoff 2⁻²⁴: one correctly rounded operation is within this relative error. */
export const FLOAT32_EPS = 2 ** -24;

/** Fails with the first few offending elements when `got` and `want` differ beyond `tolerance`. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tolerance: Tolerance, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  const mismatches: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    const abs = typeof tolerance.abs === 'number' ? tolerance.abs : (tolerance.abs[i] as number);
    const ok = Number.isNaN(w)
      ? Number.isNaN(g)
      : Number.isFinite(w)
        ? Math.abs(g - w) <= abs + tolerance.rel * Math.abs(w)
        : g === w;
    if (!ok && mismatches.length < 5)
      mismatches.push(`[${i}] got ${g}, want ${w} (±${abs + tolerance.rel * Math.abs(w)})`);
  }
  expect(mismatches, `${what}: elements outside the tolerance`).toEqual([]);
}
