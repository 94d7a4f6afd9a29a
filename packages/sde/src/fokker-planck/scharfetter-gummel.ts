import { NumericalError } from '@gen/core';

/** A coefficient function of the Fokker–Planck equation, `drift` f(t, x) or `diffusion` g(t, x). */
export type CoefficientFn = (t: number, x: number) => number;

/**
 * One explicit Euler step of the Scharfetter–Gummel finite-volume scheme on a uniform cell-centred grid with
 * zero-flux walls; `prepare` freezes the coefficients at t, `advance` applies them.
 */
export interface ScharfetterGummelStepper {
  /**
   * Evaluates f at the interior cell faces and g² at the cell centres at time `t`, and builds the face fluxes'
   * coefficients.
   *
   * @param t - The time the coefficients are frozen at.
   * @returns The largest outflow rate Σ (outgoing face coefficients) / h over the cells; `dt · rate ≤ 1` keeps
   *   the step positive. 0 when nothing moves.
   * @throws `NumericalError` (`non-finite`) when `drift` or `diffusion` returns NaN or an infinity.
   */
  prepare(t: number): number;
  /**
   * Advances the cell averages in place by `dt` with the coefficients of the last `prepare` call.
   *
   * @param p - The cell averages (densities), updated in place.
   * @param dt - The step, with `dt · rate < 1`.
   */
  advance(p: Float64Array, dt: number): void;
}

/**
 * The Bernoulli function B(z) = z / (eᶻ − 1), with B(0) = 1: the weight of the Scharfetter–Gummel flux.
 *
 * @param z - The cell Péclet number, finite.
 * @returns B(z) > 0; accurate near 0 (series) and for large |z| (B → 0 as z → +∞, B ≈ −z as z → −∞).
 */
function bernoulli(z: number): number {
  return Math.abs(z) < 1e-8 ? 1 - z / 2 : z / Math.expm1(z);
}

/**
 * Builds the stepper for cell centres `centres` (uniform spacing `h`).
 *
 * @remarks
 * The flux J = f p − ½ ∂(g² p)/∂x is written J = a p − d ∂p/∂x with a = f − ½ ∂(g²)/∂x and d = ½ g². At the face
 * between cells i and i+1, a uses f at the face and the centred difference of g², d the mean of the two cells'
 * ½ g², and J = (d/h) [B(−Pe) pᵢ − B(Pe) pᵢ₊₁] with Pe = a h / d. Both weights are non-negative, so each cell's
 * update is a non-negative combination of old values when dt · rate ≤ 1. Where d = 0 (or Pe overflows) the
 * flux is the upwind one, its d → 0 limit.
 *
 * @param drift - f(t, x).
 * @param diffusion - g(t, x).
 * @param centres - The N ≥ 2 cell centres.
 * @param h - The cell width.
 * @returns The stepper, holding its work arrays.
 */
export function scharfetterGummelStepper(
  drift: CoefficientFn,
  diffusion: CoefficientFn,
  centres: Float64Array,
  h: number,
): ScharfetterGummelStepper {
  const n = centres.length;
  const halfG2 = new Float64Array(n);
  const faces = Float64Array.from(
    { length: n - 1 },
    (_, k) => ((centres[k] as number) + (centres[k + 1] as number)) / 2,
  );
  const fromLeft = new Float64Array(n - 1);
  const fromRight = new Float64Array(n - 1);
  const flux = new Float64Array(n - 1);

  return {
    prepare(t) {
      for (let i = 0; i < n; i += 1) {
        const x = centres[i] as number;
        halfG2[i] = evaluate('diffusion', diffusion, t, x) ** 2 / 2;
      }
      let maxRate = 0;
      let leftOutflow = 0;
      for (let k = 0; k < n - 1; k += 1) {
        const dLeft = halfG2[k] as number;
        const dRight = halfG2[k + 1] as number;
        const a = evaluate('drift', drift, t, faces[k] as number) - (dRight - dLeft) / h;
        const d = (dLeft + dRight) / 2;
        const peclet = (a * h) / d;
        if (Number.isFinite(peclet)) {
          fromLeft[k] = (d / h) * bernoulli(-peclet);
          fromRight[k] = (d / h) * bernoulli(peclet);
        } else {
          fromLeft[k] = Math.max(a, 0);
          fromRight[k] = Math.max(-a, 0);
        }
        maxRate = Math.max(maxRate, (leftOutflow + (fromLeft[k] as number)) / h);
        leftOutflow = fromRight[k] as number;
      }
      return Math.max(maxRate, leftOutflow / h);
    },
    advance(p, dt) {
      for (let k = 0; k < n - 1; k += 1) {
        flux[k] = (fromLeft[k] as number) * (p[k] as number) - (fromRight[k] as number) * (p[k + 1] as number);
      }
      const c = dt / h;
      let inflow = 0;
      for (let k = 0; k < n - 1; k += 1) {
        const out = flux[k] as number;
        p[k] = (p[k] as number) + c * (inflow - out);
        inflow = out;
      }
      p[n - 1] = (p[n - 1] as number) + c * inflow;
    },
  };
}

function evaluate(name: 'drift' | 'diffusion', fn: CoefficientFn, t: number, x: number): number {
  const value = fn(t, x);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NumericalError('non-finite', `fokkerPlanck1D: ${name}(${t}, ${x}) returned ${String(value)}.`, { t });
  }
  return value;
}
