import { InvalidArgumentError } from '@gen/core';
import {
  assertFiniteTensor,
  assertFixedGrid,
  assertInteger,
  assertMonotoneTimes,
  assertPositive,
  assertTensor,
} from '@gen/core/internal';
import { constantStepSize, type ProposedStep, type StepSizeController } from '@gen/ode/internal';
import type * as tf from '@tensorflow/tfjs';
import { BrownianPath } from './brownian/brownian-path.js';
import { SNAP } from './brownian/dyadic-grid.js';
import { brownianShape } from './noise.js';
import type { SdeOptions, SdeStepInfo } from './options.js';
import { getSdeMethod } from './registry.js';
import type { SdeSolver } from './solvers/index.js';
import { type StepNoiseSource, stepNoiseSource } from './step-noise.js';
import { type DyadicStep, DyadicStepSize } from './step-size/dyadic.js';
import type { Sde } from './types.js';

/** A fully validated SDE solve: what `sdeint` hands to the solve loop. */
export interface SdeSolveSettings {
  /** The SDE (checked). */
  readonly sde: Sde;
  /** The method (checked against the SDE). */
  readonly solver: SdeSolver;
  /** The initial state [N, D] (not disposed). */
  readonly y0: tf.Tensor;
  /** Output times, strictly monotone. */
  readonly ts: readonly number[];
  /** Makes the solve's step-size controller: constant steps, or dyadic step doubling (whose steps carry `tMid`). */
  readonly controller: () => StepSizeController<SdeStep>;
  /** The noise of each step. */
  readonly noiseFor: StepNoiseSource;
  /** Tolerances of the step-doubling error norm (adaptive solves). */
  readonly rtol: number;
  /** Absolute tolerance. */
  readonly atol: number;
  /** Step budget, accepted and rejected attempts together. */
  readonly maxSteps: number;
  /** Throw on failure instead of returning a status. */
  readonly throwOnFailure: boolean;
  /** Called after every attempt of an adaptive solve. */
  readonly onStep: ((info: SdeStepInfo) => void) | undefined;
}

/** A step of an SDE solve: a dyadic step also carries its midpoint, where step doubling's half steps meet. */
export type SdeStep = ProposedStep & { readonly tMid?: number };

/** The options only an adaptive solve reads. */
const ADAPTIVE_ONLY = ['firstStep', 'minStep', 'rtol', 'atol', 'onStep'] as const;

/**
 * Validates the public arguments of `sdeint` once and fills in the defaults.
 *
 * @param sde - The SDE.
 * @param y0 - The initial states [N, D].
 * @param ts - The output times.
 * @param options - The public options.
 * @returns Settings for the solve loop.
 * @throws `InvalidArgumentError` / `ShapeError` naming the first bad argument.
 */
export function resolveSettings(sde: Sde, y0: tf.Tensor, ts: readonly number[], options: SdeOptions): SdeSolveSettings {
  const solver = getSdeMethod(sde, options.method ?? 'euler');
  assertTensor('y0', y0, { rank: 2, dtype: 'float32' });
  assertFiniteTensor('y0', y0);
  assertMonotoneTimes('ts', ts);
  const seed = options.seed === undefined ? 0 : assertInteger('options.seed', options.seed);
  if (options.adaptive !== undefined && typeof options.adaptive !== 'boolean') {
    throw new InvalidArgumentError('options.adaptive', 'true or false', options.adaptive);
  }
  const adaptive = options.adaptive === true;
  const refused = adaptive ? (['stepSize'] as const) : ADAPTIVE_ONLY;
  for (const key of refused) {
    if (options[key] !== undefined) {
      const expected = adaptive
        ? 'no value with adaptive: true (use options.firstStep)'
        : 'no value unless options.adaptive is true';
      throw new InvalidArgumentError(`options.${key}`, expected, options[key]);
    }
  }
  const maxSteps = options.maxSteps === undefined ? 10_000 : assertInteger('options.maxSteps', options.maxSteps, 1);
  const controller = adaptive ? dyadicController(options, ts, solver) : fixedController(options, ts, maxSteps);
  const noiseFor = stepNoiseSource(options.bm, brownianShape(sde, y0.shape), seed, solver.needsLevyArea, sde.noise);
  return {
    sde,
    solver,
    y0,
    ts: [...ts],
    controller,
    noiseFor,
    rtol: options.rtol === undefined ? 1e-2 : assertPositive('options.rtol', options.rtol),
    atol: options.atol === undefined ? 1e-2 : assertPositive('options.atol', options.atol),
    maxSteps,
    throwOnFailure: options.throwOnFailure ?? true,
    onStep: options.onStep,
  };
}

/** Constant steps of at most `stepSize` (default 1e-3), the grid checked against `maxSteps` before the first step. */
function fixedController(options: SdeOptions, ts: readonly number[], maxSteps: number): () => StepSizeController {
  const stepSize = options.stepSize === undefined ? 1e-3 : assertPositive('options.stepSize', options.stepSize);
  assertFixedGrid(ts, stepSize, maxSteps, { stepSize: 'options.stepSize', maxSteps: 'options.maxSteps' });
  return () => constantStepSize(stepSize);
}

/**
 * Checks the adaptive options and places the output times on the Brownian path's grid of twice its leaf width.
 *
 * @throws `InvalidArgumentError` naming `options.bm` (not a `BrownianPath`, or one with a single leaf),
 *   `options.firstStep`, `options.minStep`, `options.onStep` or `ts[i]` (outside the path's span or not a multiple
 *   of twice its leaf width from its t0).
 */
function dyadicController(
  options: SdeOptions,
  ts: readonly number[],
  solver: SdeSolver,
): () => StepSizeController<DyadicStep> {
  const bm = options.bm;
  if (!(bm instanceof BrownianPath)) {
    throw new InvalidArgumentError(
      'options.bm',
      'a BrownianPath (adaptive: true retries rejected steps on the same sample path and steps on its dyadic times)',
      bm,
      'Pass bm: new BrownianPath({ shape, t0, t1, seed }) spanning the output times.',
    );
  }
  if (bm.depth < 1) {
    throw new InvalidArgumentError(
      'options.bm',
      'a BrownianPath with tolerance < t1 − t0 (at least two leaves)',
      bm.tolerance,
    );
  }
  const firstStep = options.firstStep === undefined ? 1e-3 : assertPositive('options.firstStep', options.firstStep);
  const span = bm.t1 - bm.t0;
  const leaf = span / 2 ** bm.depth;
  const minStep = options.minStep === undefined ? 2 * leaf : assertPositive('options.minStep', options.minStep);
  if (options.minStep !== undefined && minStep > firstStep) {
    throw new InvalidArgumentError(
      'options.minStep',
      `a number ≤ the first step options.firstStep = ${firstStep}`,
      minStep,
    );
  }
  if (options.onStep !== undefined && typeof options.onStep !== 'function') {
    throw new InvalidArgumentError('options.onStep', 'a function', options.onStep);
  }
  const positions = ts.map((t, i) => {
    const x = ((t - bm.t0) / span) * 2 ** bm.depth;
    const q = 2 * Math.round(x / 2);
    if (x < -SNAP || x > 2 ** bm.depth + SNAP || Math.abs(x - q) > SNAP) {
      throw new InvalidArgumentError(
        `ts[${i}]`,
        `a time in [${bm.t0}, ${bm.t1}] (options.bm's span) on its adaptive grid t0 + j·${2 * leaf} (twice the leaf width (t1 − t0)·2^-${bm.depth}, so that step-doubling lands on exact dyadic times)`,
        t,
        'Use dyadic output times such as t0 + j·(t1 − t0)/2ᵏ, or a BrownianPath with a smaller tolerance.',
      );
    }
    return q;
  });
  for (let i = 1; i < positions.length; i += 1) {
    if (positions[i] === positions[i - 1]) {
      throw new InvalidArgumentError(`ts[${i}]`, `a grid time different from ts[${i - 1}] = ${ts[i - 1]}`, ts[i]);
    }
  }
  // The first step, rounded down to 2ʲ leaves (j ≥ 1: the halves must be whole leaves).
  const initialLevel = Math.min(bm.depth, Math.max(1, Math.floor(Math.log2(firstStep / leaf) + 1e-9)));
  const dyadic = { bm, ts, positions, initialLevel, minStep, strongOrder: solver.strongOrder };
  return () => new DyadicStepSize(dyadic);
}
