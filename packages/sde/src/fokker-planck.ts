import { InvalidArgumentError, NumericalError } from '@gen/core';
import { scharfetterGummelStepper } from './fokker-planck/scharfetter-gummel.js';
import { coefficientFunction, increasingTimes, initialDensity, uniformGrid } from './fokker-planck/validate.js';

/** Options of {@link fokkerPlanck1D}. */
export interface FokkerPlanck1DOptions {
  /** The drift f(t, x) of the Itô SDE dx = f dt + g dW. */
  drift: (t: number, x: number) => number;
  /** The diffusion g(t, x) (its sign is irrelevant: only g² enters). */
  diffusion: (t: number, x: number) => number;
  /**
   * The density at `ts[0]`: one finite value ≥ 0 per cell (the cell averages), or a function of x sampled at the
   * cell centres. It need not be normalised; its mass is conserved as given.
   */
  p0: readonly number[] | Float64Array | ((x: number) => number);
  /**
   * The N ≥ 3 cell centres, increasing and uniformly spaced with width h. The domain is
   * [x[0] − h/2, x[N−1] + h/2], closed by zero-flux walls.
   */
  x: readonly number[] | Float64Array;
  /** The output times, strictly increasing; `ts[0]` is the time of `p0`. */
  ts: readonly number[];
  /** The step as a fraction of the positivity (stability) limit, in (0, 1); default 0.9. */
  cfl?: number;
  /** The most time steps over the whole solve; default 1 000 000. */
  maxSteps?: number;
}

/** What {@link fokkerPlanck1D} returns. */
export interface FokkerPlanck1DResult {
  /** The output times (a copy of the `ts` option). */
  ts: number[];
  /** The density's cell averages at each output time, one `Float64Array` of length N per time. */
  density: Float64Array[];
  /** The mass h · Σᵢ pᵢ at each output time. */
  mass: number[];
}

/**
 * Solves the 1-D Fokker–Planck equation of an Itô SDE on a uniform grid, conserving mass and keeping the
 * density non-negative.
 *
 * @remarks
 * The density p(t, x) of dx = f(t, x) dt + g(t, x) dW (Itô) obeys
 *
 *   ∂p/∂t = −∂(f p)/∂x + ½ ∂²(g² p)/∂x² = −∂J/∂x,  J = f p − ½ ∂(g² p)/∂x,
 *
 * solved here on the host in float64 with J = 0 at both ends of the domain.
 *
 * Space: a cell-centred finite-volume scheme. J = a p − d ∂p/∂x with a = f − ½ ∂(g²)/∂x and d = ½ g²; at each
 * interior face f is evaluated at the face, ∂(g²)/∂x by the centred difference of the neighbouring cells' g², d
 * as their mean, and J by the Scharfetter–Gummel (exponentially fitted) flux
 * J = (d/h)[B(−Pe) pᵢ − B(Pe) pᵢ₊₁], B(z) = z/(eᶻ − 1), Pe = a h / d. The flux is exact for constant a, d and
 * reduces to the upwind flux when d → 0 (g = 0 is allowed) and to the central diffusive flux when a → 0.
 * Second-order accurate in h where the cell Péclet number a h / d is moderate, first order (upwind) where
 * drift dominates it.
 *
 * Time: forward Euler with the coefficients frozen at the start of each step and a step chosen automatically,
 * dt = cfl / maxᵢ(rateᵢ), where rateᵢ is cell i's total outflow coefficient divided by h (about g²/h² + |a|/h),
 * shortened to land on every output time. With cfl < 1 every new cell value is a non-negative combination of
 * old ones, so the density stays ≥ 0 without clipping; and fluxes cancel in pairs, so the mass changes only by
 * rounding (about 1e-15 relative per step). First order in dt, but dt = O(h²) under the diffusion limit, so the
 * overall error is O(h²) for smooth, diffusion-resolved solutions. The cost is O(N) per step and
 * 2N − 1 coefficient calls, with O(max g² / h²) steps per unit time.
 *
 * @param options - Drift, diffusion, initial density, grid, output times, and the step controls.
 * @returns The output times, the density at each, and its mass.
 * @throws `InvalidArgumentError` naming the parameter when `drift` or `diffusion` is not a function, `x`
 *   has fewer than 3 entries or is not uniform and increasing, `ts` is empty or not strictly increasing, `p0`
 *   is negative or non-finite, or `cfl` is outside (0, 1) or `maxSteps` not a positive integer;
 *   `ShapeError` naming `p0` when its length differs from `x`'s;
 *   `NumericalError` (`non-finite`) when `drift` or `diffusion` returns NaN or an infinity, (`max-steps`)
 *   when the solve needs more than `maxSteps` steps, (`step-size-underflow`) when the step vanishes against t.
 * @example
 * ```ts
 * // Ornstein–Uhlenbeck dx = −x dt + dW from N(2, 0.1²), on 400 cells of [−5, 5].
 * const x = Array.from({ length: 400 }, (_, i) => -5 + (i + 0.5) * 0.025);
 * const { density, mass } = fokkerPlanck1D({
 *   drift: (_t, x) => -x,
 *   diffusion: () => 1,
 *   p0: (x) => Math.exp(-((x - 2) ** 2) / 0.02) / Math.sqrt(0.02 * Math.PI),
 *   x,
 *   ts: [0, 0.5, 1],
 * });
 * // density[2] ≈ N(2e⁻¹, 0.01e⁻² + ½(1 − e⁻²)) at the centres; mass[2] === mass[0] to ~1e-15.
 * ```
 * @see D. L. Scharfetter and H. K. Gummel, "Large-signal analysis of a silicon Read diode oscillator",
 *   IEEE Trans. Electron Devices 16 (1969) 64–77.
 * @see J. S. Chang and G. Cooper, "A practical difference scheme for Fokker–Planck equations",
 *   J. Comput. Phys. 6 (1970) 1–16.
 * @see H. Risken, "The Fokker–Planck Equation: Methods of Solution and Applications", 2nd ed., Springer, 1989.
 */
export function fokkerPlanck1D(options: FokkerPlanck1DOptions): FokkerPlanck1DResult {
  const drift = coefficientFunction('drift', options.drift);
  const diffusion = coefficientFunction('diffusion', options.diffusion);
  const { centres, h } = uniformGrid(options.x);
  const ts = increasingTimes(options.ts);
  const p = initialDensity(options.p0, centres);
  const { cfl = 0.9, maxSteps = 1_000_000 } = options;
  if (typeof cfl !== 'number' || !(cfl > 0 && cfl < 1)) {
    throw new InvalidArgumentError('cfl', 'a number in (0, 1)', cfl, 'Use e.g. 0.9.');
  }
  if (!Number.isSafeInteger(maxSteps) || maxSteps < 1) {
    throw new InvalidArgumentError('maxSteps', 'an integer ≥ 1', maxSteps);
  }

  const stepper = scharfetterGummelStepper(drift, diffusion, centres, h);
  const density = [p.slice()];
  let t = ts[0] as number;
  let steps = 0;
  for (const target of ts.slice(1)) {
    while (t < target) {
      if (steps === maxSteps) {
        throw new NumericalError('max-steps', `fokkerPlanck1D reached maxSteps = ${maxSteps} at t = ${t}.`, { t });
      }
      const remaining = target - t;
      const dt = Math.min(cfl / stepper.prepare(t), remaining);
      if (!(t + dt > t)) {
        throw new NumericalError('step-size-underflow', `fokkerPlanck1D: the step ${dt} vanishes at t = ${t}.`, { t });
      }
      stepper.advance(p, dt);
      t = dt === remaining ? target : t + dt;
      steps += 1;
    }
    density.push(p.slice());
  }
  return { ts, density, mass: density.map((d) => h * d.reduce((sum, v) => sum + v, 0)) };
}
