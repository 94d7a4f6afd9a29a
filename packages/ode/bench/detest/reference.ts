/**
 * A float64 adaptive Runge–Kutta integrator on the host, for reference solutions of the DETEST problems.
 *
 * @remarks
 * Independent of the tfjs solver on purpose: plain `Float64Array` arithmetic, its own step-size controller and its
 * own starting-step heuristic, sharing only the Butcher tableau (the Dormand–Prince RK8(7)13M pair `dopri8` by
 * default). The state update uses compensated (Kahan) summation so that round-off does not accumulate over the
 * thousands of steps a 1e-13 tolerance takes.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, NumericalError } from '@gen/core';
import { dopri8 } from '../../src/tableaus/dopri8.js';
import type { ButcherTableauSpec } from '../../src/tableaus/tableau.js';
import type { DetestProblem, HostRhs } from './problems.js';

/**
 * The part of a Butcher tableau the host integrator reads; a `ButcherTableau` from `src/tableaus` fits it.
 *
 * @remarks
 * Stages kᵢ = f(t + cᵢh, y + h·Σⱼ aᵢⱼkⱼ); step y1 = y0 + h·Σ bᵢkᵢ; local error estimate h·Σ eᵢkᵢ with
 * eᵢ = `bError[i]` = bᵢ − b̂ᵢ. With `fsal`, the last stage is f(t1, y1) and is reused as the next first stage.
 *
 * @example
 * ```ts
 * const heunEuler: HostTableau = { c: [0, 1], a: [[], [1]], b: [0.5, 0.5], bError: [-0.5, 0.5], order: 2, errorOrder: 1 };
 * ```
 */
export type HostTableau = Pick<ButcherTableauSpec, 'c' | 'a' | 'b' | 'bError' | 'order' | 'errorOrder'> & {
  /** First Same As Last (optional here; default false): reuse the last stage as the next first stage. */
  readonly fsal?: boolean;
};

/**
 * Options of {@link integrateHost}.
 *
 * @remarks
 * A step is accepted when the RMS norm of eᵢ/(atol + rtol·max(|y0ᵢ|, |y1ᵢ|)) is at most 1.
 *
 * @example
 * ```ts
 * const options: HostIntegrateOptions = { rtol: 1e-10, atol: 1e-10 };
 * ```
 */
export interface HostIntegrateOptions {
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance. */
  readonly atol: number;
  /** The method; defaults to {@link REFERENCE_TABLEAU}. */
  readonly tableau?: HostTableau;
  /** Step budget; defaults to 1e6. */
  readonly maxSteps?: number;
}

/**
 * What {@link integrateHost} returns.
 *
 * @remarks
 * `evaluations` counts calls of f, including those of rejected steps and of the starting-step heuristic.
 *
 * @example
 * ```ts
 * const { y, steps } = integrateHost(rhs, [1], 0, 20, { rtol: 1e-10, atol: 1e-10 });
 * ```
 */
export interface HostIntegrateResult {
  /** The state at the end time. */
  readonly y: Float64Array;
  /** Accepted steps. */
  readonly steps: number;
  /** Rejected steps. */
  readonly rejected: number;
  /** Right-hand side evaluations. */
  readonly evaluations: number;
}

/** The default tableau: Dormand–Prince RK8(7)13M from `src/tableaus/dopri8.ts`. */
export const REFERENCE_TABLEAU: HostTableau = dopri8;
/** The relative tolerance the stored reference values were computed with. */
export const REFERENCE_RTOL = 1e-13;
/** The absolute tolerance the stored reference values were computed with. */
export const REFERENCE_ATOL = 1e-13;

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 5;

/** RMS norm of v scaled by atol + rtol·max(|y0|, |y1|). */
function scaledRms(v: Float64Array, y0: Float64Array, y1: Float64Array, rtol: number, atol: number): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const scale = atol + rtol * Math.max(Math.abs(y0[i] as number), Math.abs(y1[i] as number));
    sum += ((v[i] as number) / scale) ** 2;
  }
  return Math.sqrt(sum / v.length);
}

/**
 * Integrates dy/dt = f(t, y) from t0 to t1 in float64 with an adaptive explicit Runge–Kutta method.
 *
 * @remarks
 * Step control: err = RMS(h·Σ eᵢkᵢ / (atol + rtol·max(|y0|, |y1|))); accept when err ≤ 1; next
 * h ← h·min(5, max(0.2, 0.9·err^{−1/(q+1)})) with q = min(order, errorOrder), never growing right after a rejection.
 * The first step follows Hairer, Nørsett & Wanner (I, §II.4): h = min(100·h0, (0.01/max(d1, d2))^{1/(p+1)}).
 * The last step is shortened to land exactly on t1.
 *
 * @param rhs - f on the host; writes f(t, y) into its third argument.
 * @param y0 - The initial state.
 * @param t0 - The start time.
 * @param t1 - The end time (may be below t0).
 * @param options - Tolerances, tableau and step budget.
 * @returns y(t1) and step statistics.
 * @throws {@link InvalidArgumentError} for non-positive tolerances or a tableau without error weights.
 * @throws {@link NumericalError} on a non-finite state, step-size underflow or an exhausted step budget.
 * @example
 * ```ts
 * const { y } = integrateHost((_t, y, out) => { out[0] = -(y[0] as number); }, [1], 0, 20, { rtol: 1e-12, atol: 1e-12 });
 * // y[0] ≈ Math.exp(-20)
 * ```
 */
export function integrateHost(
  rhs: HostRhs,
  y0: ArrayLike<number>,
  t0: number,
  t1: number,
  options: HostIntegrateOptions,
): HostIntegrateResult {
  const { rtol, atol } = options;
  const tableau = options.tableau ?? REFERENCE_TABLEAU;
  const maxSteps = options.maxSteps ?? 1_000_000;
  if (!(rtol > 0) || !(atol > 0)) {
    throw new InvalidArgumentError('options.rtol/atol', 'positive tolerances', [rtol, atol]);
  }
  const errorWeights = tableau.bError;
  if (errorWeights === undefined) {
    throw new InvalidArgumentError('options.tableau.bError', 'error weights (an adaptive method)', undefined);
  }
  const s = tableau.c.length;
  const n = y0.length;
  const c = Float64Array.from(tableau.c);
  const a = tableau.a.map((row) => Float64Array.from(row));
  const b = Float64Array.from(tableau.b);
  const e = Float64Array.from(errorWeights);
  const fsal = tableau.fsal ?? false;
  const q = Math.min(tableau.order, tableau.errorOrder ?? tableau.order - 1);
  const exponent = 1 / (q + 1);

  const k = Array.from({ length: s }, () => new Float64Array(n));
  let y = Float64Array.from(y0);
  let yNew = new Float64Array(n);
  let compensation = new Float64Array(n);
  let compensationNew = new Float64Array(n);
  const stage = new Float64Array(n);
  const err = new Float64Array(n);
  let evaluations = 0;
  const f = (t: number, state: Float64Array, out: Float64Array) => {
    rhs(t, state, out);
    evaluations++;
  };

  const direction = t1 >= t0 ? 1 : -1;
  const span = Math.abs(t1 - t0);
  if (span === 0) return { y, steps: 0, rejected: 0, evaluations };

  const k0 = k[0] as Float64Array;
  f(t0, y, k0);

  // Starting step (Hairer, Nørsett & Wanner I, §II.4, algorithm with d0, d1, d2).
  const zero = new Float64Array(n);
  const d0 = scaledRms(y, y, zero, rtol, atol);
  const d1 = scaledRms(k0, y, zero, rtol, atol);
  let h = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h = Math.min(h, span);
  for (let i = 0; i < n; i++) stage[i] = (y[i] as number) + direction * h * (k0[i] as number);
  const probe = k[1] ?? new Float64Array(n);
  f(t0 + direction * h, stage, probe);
  for (let i = 0; i < n; i++) err[i] = ((probe[i] as number) - (k0[i] as number)) / h;
  const d2 = scaledRms(err, y, zero, rtol, atol);
  const h1 =
    Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (tableau.order + 1));
  h = Math.min(100 * h, h1, span);

  let t = t0;
  let steps = 0;
  let rejected = 0;
  let justRejected = false;
  while (direction * (t1 - t) > 0) {
    if (steps + rejected >= maxSteps) {
      throw new NumericalError('max-steps', `integrateHost used ${maxSteps} steps before t1 = ${t1}.`, { t });
    }
    const remaining = Math.abs(t1 - t);
    const last = h >= remaining * (1 - 1e-12);
    if (last) h = remaining;
    const hs = direction * h;
    if (Math.abs(t) + h === Math.abs(t)) {
      throw new NumericalError('step-size-underflow', `integrateHost needed a step h = ${h} at t = ${t}.`, { t });
    }

    // Stages 2…s (stage 1 is k[0] = f(t, y)).
    for (let j = 1; j < s; j++) {
      const row = a[j] as Float64Array;
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let m = 0; m < j; m++) {
          const coefficient = row[m] as number;
          if (coefficient !== 0) acc += coefficient * ((k[m] as Float64Array)[i] as number);
        }
        stage[i] = (y[i] as number) + hs * acc;
      }
      f(t + (c[j] as number) * hs, stage, k[j] as Float64Array);
    }
    for (let i = 0; i < n; i++) {
      let increment = 0;
      let estimate = 0;
      for (let m = 0; m < s; m++) {
        const km = (k[m] as Float64Array)[i] as number;
        increment += (b[m] as number) * km;
        estimate += (e[m] as number) * km;
      }
      // Kahan summation of y ← y + h·Σ bᵢkᵢ.
      const corrected = hs * increment - (compensation[i] as number);
      const sum = (y[i] as number) + corrected;
      compensationNew[i] = sum - (y[i] as number) - corrected;
      yNew[i] = sum;
      err[i] = hs * estimate;
    }
    const norm = scaledRms(err, y, yNew, rtol, atol);
    if (!Number.isFinite(norm)) {
      throw new NumericalError('non-finite', `integrateHost met a non-finite state at t = ${t}.`, { t });
    }
    if (norm <= 1) {
      t = last ? t1 : t + hs;
      [y, yNew] = [yNew, y];
      [compensation, compensationNew] = [compensationNew, compensation];
      steps++;
      if (fsal) k0.set(k[s - 1] as Float64Array);
      else if (direction * (t1 - t) > 0) f(t, y, k0);
      const factor = norm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, SAFETY * norm ** -exponent));
      h *= justRejected ? Math.min(1, factor) : factor;
      justRejected = false;
    } else {
      rejected++;
      h *= Math.max(MIN_FACTOR, SAFETY * norm ** -exponent);
      justRejected = true;
    }
  }
  return { y, steps, rejected, evaluations };
}

/**
 * Integrates a DETEST problem over [0, `tEnd`] with the reference integrator.
 *
 * @remarks
 * Solves y′ = f(t, y), y(0) = y0 with {@link integrateHost} at rtol = atol = 1e-13 unless told otherwise; this is how
 * `reference-values.ts` was generated (see `make-reference.ts`).
 *
 * @param problem - The problem.
 * @param options - Tolerances and tableau; defaults to rtol = atol = 1e-13 with {@link REFERENCE_TABLEAU}.
 * @returns y(tEnd) and step statistics.
 * @example
 * ```ts
 * const { y } = referenceEndState(detestProblem('D5'));
 * ```
 */
export function referenceEndState(
  problem: DetestProblem,
  options: HostIntegrateOptions = { rtol: REFERENCE_RTOL, atol: REFERENCE_ATOL },
): HostIntegrateResult {
  return integrateHost(problem.rhsHost, problem.y0, 0, problem.tEnd, options);
}
