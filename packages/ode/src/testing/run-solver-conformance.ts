import { fitLogLogSlope, measureLeaks, switchBackend } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { getMethod } from '../registry.js';
import { endError } from './end-error.js';
import { SOLVER_ORDER_STUDIES, type SolverOrderStudy } from './order-studies.js';
import type { AdaptiveSolveResult, SolverConformanceReport, SolverOrderResult } from './solver-conformance-result.js';

/** Options of {@link runSolverConformance}. */
export interface SolverConformanceOptions {
  /** The registered tfjs backend to solve on, e.g. `'wasm'`, `'webgl'`. */
  backend: string;
  /** The methods whose order to measure (default: every method of {@link SOLVER_ORDER_STUDIES}). */
  methods?: readonly string[];
  /** Whether to run the adaptive dopri5 check too (default true). */
  adaptive?: boolean;
}

/** The damped spiral of the adaptive check, its horizon and tolerance. */
const SPIRAL = [
  [-0.1, 2],
  [-2, -0.1],
];
const SPIRAL_T1 = 25;
const ADAPTIVE_TOLERANCE = 1e-5;
/** End error allowed at rtol = atol = 1e-5 over t ∈ [0, 25]: about 5× what cpu and wasm reach (9.3e-5). */
const ADAPTIVE_ERROR_BOUND = 5e-4;
/** Field evaluations allowed: 1.25× what torchdiffeq's dopri5 (and gen on cpu and wasm) takes here, 590. */
const ADAPTIVE_NFE_BOUND = 740;

/**
 * The solver conformance suite: on one backend, measures the empirical convergence order of every fixed-step
 * solve of `odeint` on linear problems with a matrix-exponential solution, and checks an adaptive dopri5 solve
 * against the analytic solution, with leak checks.
 *
 * @remarks
 * Each study of {@link SOLVER_ORDER_STUDIES} solves dy/dt = A·y (two initial points, `linearOdeProblem` of
 * `@gen/core/testing`) forwards over [0, t1] and backwards over [t1, 0] with step sizes t1/n, and fits the slope of
 * log(end error) against log(h) with `fitLogLogSlope`; it passes when both slopes lie within the study's tolerance
 * of the tableau's order (default ±0.25) and the study leaves no tensor or data buffer behind. A wrong kernel on
 * the backend (a sloppy matrix product, a fused stage combination that drops precision) bends or flattens the
 * slope. The adaptive check solves the damped spiral A = [[−0.1, 2], [−2, −0.1]] over [0, 25] with dopri5 at
 * rtol = atol = 1e-5 and records the end error and the number of field evaluations against stated bounds. A study
 * that throws fails with the message; the others still run. The backend active before the call is active again
 * afterwards.
 *
 * @param options - The backend, the methods, and whether to run the adaptive check.
 * @returns The per-method results, the adaptive result, and whether everything passed (plain data).
 * @throws `Error` when the backend is not registered or cannot be initialised, or a method has no study.
 * @example
 * ```ts
 * const report = await runSolverConformance({ backend: 'wasm', methods: ['euler', 'rk4'] });
 * for (const r of report.orders) console.log(r.method, r.expectedOrder, r.slope.toFixed(2), r.passed);
 * ```
 */
export async function runSolverConformance(options: SolverConformanceOptions): Promise<SolverConformanceReport> {
  const { backend, methods, adaptive = true } = options;
  const studies = methods === undefined ? SOLVER_ORDER_STUDIES : methods.map((method) => findStudy(method));
  const previous = await switchBackend(backend);
  try {
    const orders: SolverOrderResult[] = [];
    for (const study of studies) orders.push(await runStudy(study));
    const adaptiveResult = adaptive ? await runAdaptiveCheck() : undefined;
    return {
      backend,
      orders,
      ...(adaptiveResult === undefined ? {} : { adaptive: adaptiveResult }),
      passed: orders.every((r) => r.passed) && (adaptiveResult?.passed ?? true),
    };
  } finally {
    await tf.setBackend(previous);
  }
}

function findStudy(method: string): SolverOrderStudy {
  const study = SOLVER_ORDER_STUDIES.find((s) => s.method === method);
  if (study === undefined) {
    const valid = SOLVER_ORDER_STUDIES.map((s) => `"${s.method}"`).join(', ');
    throw new Error(`runSolverConformance: no order study for method "${method}"; valid methods: ${valid}.`);
  }
  return study;
}

async function runStudy(study: SolverOrderStudy): Promise<SolverOrderResult> {
  const { method, a, t1 } = study;
  const expectedOrder = getMethod(method).order;
  const slopeTolerance = study.slopeTolerance ?? { below: 0.25, above: 0.25 };
  const stepSizes = study.steps.map((n) => t1 / n);
  const forwardErrors: number[] = [];
  const backwardErrors: number[] = [];
  const base = { method, expectedOrder, slopeTolerance, stepSizes, forwardErrors, backwardErrors };
  try {
    const { leakedTensors, leakedDataBuffers } = await measureLeaks(async () => {
      for (const stepSize of stepSizes) {
        forwardErrors.push((await endError(a, 0, t1, { method, stepSize })).error);
        backwardErrors.push((await endError(a, t1, 0, { method, stepSize })).error);
      }
    });
    const slopeOf = (errors: readonly number[]) =>
      errors.every((e) => e > 0 && Number.isFinite(e)) ? fitLogLogSlope(stepSizes, errors) : Number.NaN;
    const slope = slopeOf(forwardErrors);
    const backwardSlope = slopeOf(backwardErrors);
    const within = (s: number) =>
      s >= expectedOrder - slopeTolerance.below && s <= expectedOrder + slopeTolerance.above;
    return {
      ...base,
      slope,
      backwardSlope,
      leakedTensors,
      leakedDataBuffers,
      passed: within(slope) && within(backwardSlope) && leakedTensors === 0 && leakedDataBuffers === 0,
    };
  } catch (error) {
    return { ...base, ...failed(error), slope: Number.NaN, backwardSlope: Number.NaN };
  }
}

async function runAdaptiveCheck(): Promise<AdaptiveSolveResult> {
  const base = {
    method: 'dopri5',
    tolerance: ADAPTIVE_TOLERANCE,
    errorBound: ADAPTIVE_ERROR_BOUND,
    nfeBound: ADAPTIVE_NFE_BOUND,
  };
  try {
    const { value, leakedTensors, leakedDataBuffers } = await measureLeaks(() =>
      endError(SPIRAL, 0, SPIRAL_T1, { method: 'dopri5', rtol: ADAPTIVE_TOLERANCE, atol: ADAPTIVE_TOLERANCE }),
    );
    return {
      ...base,
      endError: value.error,
      nfe: value.nfe,
      leakedTensors,
      leakedDataBuffers,
      passed:
        value.error <= ADAPTIVE_ERROR_BOUND &&
        value.nfe <= ADAPTIVE_NFE_BOUND &&
        leakedTensors === 0 &&
        leakedDataBuffers === 0,
    };
  } catch (error) {
    return { ...base, ...failed(error), endError: Number.NaN, nfe: Number.NaN };
  }
}

function failed(error: unknown): { leakedTensors: 0; leakedDataBuffers: 0; passed: false; error: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { leakedTensors: 0, leakedDataBuffers: 0, passed: false, error: message };
}
