import { deriveSeed, InvalidArgumentError, NumericalError, randomNormal, ShapeError } from '@gen/core';
import {
  assertFiniteTensor,
  assertFixedGrid,
  assertInteger,
  assertMonotoneTimes,
  assertOneOf,
  assertPositive,
  assertTensor,
  formatShape,
  gridStep,
} from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { type AdaptiveSdeOptions, adaptiveSolve, validateAdaptive } from './adaptive.js';
import { brownianShape } from './noise.js';
import {
  euler,
  heun,
  milstein,
  type SdeSolver,
  type StepNoise,
  type StepResult,
  StepStart,
  srk,
} from './solvers/index.js';
import type { BrownianSource, Sde } from './types.js';

/** Every method `sdeint` knows, by name. */
const SDE_METHODS: Readonly<Record<string, SdeSolver>> = Object.freeze({ euler, milstein, heun, srk });

/** The names `sdeint`'s `method` option accepts: `'euler'`, `'milstein'`, `'heun'`, `'srk'`. */
export const SDE_METHOD_NAMES: readonly string[] = Object.freeze(Object.keys(SDE_METHODS));

/** Options of {@link sdeint}; `rtol`, `atol`, `dtMin` and `onStep` are only allowed with `adaptive: true`. */
export interface SdeOptions extends AdaptiveSdeOptions {
  /** `'euler'` (Euler–Maruyama, default), `'milstein'`, `'heun'` (Stratonovich) or `'srk'` (SRA1, additive noise). */
  method?: string;
  /**
   * Largest step magnitude (default 1e-3); each interval between output times is split into equal steps. With
   * `adaptive: true`, the initial step, rounded down to (t1 − t0)·2⁻ᵏ of the Brownian path's span.
   */
  dt?: number;
  /**
   * Choose the steps by step-doubling error control on the dyadic times of a `BrownianPath` (default false; see
   * the remarks of {@link sdeint}). Requires `bm` to be a `BrownianPath`.
   */
  adaptive?: boolean;
  /**
   * The Brownian motion to use. Default: independent seeded increments (and Lévy areas) on the solve's own grid,
   * which are exact Brownian increments and the cheapest noise; pass a `BrownianPath` to make several solves (with
   * different `dt`) follow one sample path.
   */
  bm?: BrownianSource;
  /** Seed of the default noise (default 0). */
  seed?: number;
  /** Throw a `NumericalError` when the state becomes non-finite (default true); otherwise report it in `status`. */
  throwOnFailure?: boolean;
}

/** Counters of an SDE solve. */
export interface SdeStats {
  /** Steps taken (accepted steps when adaptive). */
  steps: number;
  /** Rejected attempts (adaptive solves only). */
  rejected?: number;
  /** Drift and diffusion evaluations together. */
  evaluations: number;
}

/** The result of {@link sdeint}; the caller owns `ys`. */
export interface SdeSolution {
  /** The solution at the output times reached, [ts.length, ...x0.shape] on success. */
  ys: tf.Tensor;
  /** The output times `ys` holds. */
  ts: number[];
  /** Counters. */
  stats: SdeStats;
  /**
   * `'success'`, or why the solve stopped (only with `throwOnFailure: false`): `'non-finite'` when the state
   * overflowed, `'step-size-underflow'` when a step no longer moves t, `'max-steps'` when the budget ran out.
   */
  status: 'success' | 'non-finite' | 'step-size-underflow' | 'max-steps';
}

/**
 * Solves the SDE dx = f(t, x) dt + g(t, x) dW for a batch of states on a fixed grid, returning the solution at the
 * times `ts`.
 *
 * @remarks
 * Each interval between consecutive output times is split into equal steps of at most `dt`, so every output time is
 * hit exactly. The solver asks the Brownian source for W(t + h) − W(t) (and the space-time Lévy area for `'srk'`);
 * it never draws noise itself, so two solves with different `dt` on the same `bm` follow the same sample path (the
 * basis of strong-order studies). `ts` may decrease: the solve then runs backwards in time on the same path (as
 * reverse-time diffusion samplers do). Itô methods (`euler`, `milstein`) refuse Stratonovich SDEs and vice versa
 * (`heun`); `milstein` needs diagonal or additive noise, `srk` additive noise. The state's finiteness is read back
 * once per output time (not per step: a NaN that appears mid-interval is reported at the interval's end). A fixed
 * grid is checked before the first step: one that needs more than `maxSteps` steps (default 10 000), or whose step
 * cannot move t in float64 (t + dt == t), is refused with an `InvalidArgumentError` naming `options.dt` that says
 * how many steps it needs. Drift and diffusion are called through `evaluateField` of `@gen/core` (inside
 * `tf.tidy`, values cloned), so they may allocate, return `x` or a tensor they keep, but must be synchronous.
 *
 * Adaptive steps (`adaptive: true`, as torchsde's `adaptive=True` and diffrax's controller on a virtual Brownian
 * tree). `bm` must be a `BrownianPath`, because a rejected step is retried on the same sample path. Every step is
 * dyadic: its size is (t1 − t0)·2⁻ᵏ of the path's span and it starts on a multiple of its size from the path's t0,
 * so every Brownian query lands on a node of the tree (exact, and O(1) amortised). The initial `dt` is rounded down
 * to such a size; the smallest step is two leaves (so that its halves are whole leaves), and output times must lie
 * on that grid of twice the leaf width (`ts[i]` is refused otherwise, rather than silently moved). The error of a
 * step of h is estimated by step doubling on the same path: one step of h against two of h/2 with the chosen method,
 * err = RMS over the whole batch of |y_two − y_one| / (atol + rtol·max(|y0|, |y_two|)) (the mixed norm of `@gen/ode`,
 * reduced to one number read back per attempt). The step is accepted when err ≤ 1 and the solve goes on from y_two, the
 * more accurate of the two. A method of strong order p has a pathwise local error of order h^(p + ½), so doubling h
 * multiplies err by about 2^(p + ½): a rejected step is retried with h halved ⌈log₂(err/0.9)/(p + ½)⌉ times (at least
 * once, once for a non-finite err), the fewest halvings that bring the predicted err to 0.9; after an accepted step
 * with err ≤ 0.9·2^−(p + ½) the next step may double (as soon as the current time is a multiple of the doubled step),
 * which keeps the predicted err of the larger step below 0.9. The defaults rtol = atol = 1e-2 reflect that strong
 * errors of SDE solvers are large: halving the tolerance halves an Euler step (err ∝ h), so ODE-like tolerances (1e-6)
 * would need steps near 10⁻¹² for Euler–Maruyama. An attempt costs three steps of the method, except that the full step
 * and the first half step share their start's drift and diffusion, as do the retries after a rejection (Euler–Maruyama:
 * 2 evaluations per attempt plus 2 per accepted step, against 2 per fixed step; `stats.evaluations` counts them all,
 * `stats.steps` the accepted steps, `stats.rejected` the others), so on problems whose scale does not change in time
 * adaptive and fixed steps cost about the same; adaptivity pays where it does (stiff windows, fast transients). A step
 * below two leaves or `dtMin` fails with `step-size-underflow` (or `non-finite` when the state overflowed), running out
 * of `maxSteps` attempts with `max-steps`.
 *
 * @param sde - The SDE: drift, diffusion, noise type, kind.
 * @param x0 - Initial states [N, D], float32, finite; not disposed.
 * @param ts - Output times, strictly monotone; `ts[0]` is the time of `x0`.
 * @param options - Method, step, Brownian path, seed.
 * @returns `ys` of shape [ts.length, N, D] (owned by the caller), counters and status.
 * @throws `InvalidArgumentError` / `ShapeError` (from `@gen/core`) naming the bad argument (unknown method, a method
 *   that does not fit the SDE's kind or noise, dt ≤ 0, non-monotone ts, a drift or diffusion of the wrong shape;
 *   adaptive: `options.bm` not a `BrownianPath`, `options.rtol`/`options.atol` ≤ 0, `options.dtMin` > dt,
 *   `options.maxSteps`, or an output time `ts[i]` off the path's dyadic grid; a fixed grid of more than
 *   `options.maxSteps` steps or whose step cannot move t names `options.dt`; a drift or diffusion that returns a
 *   Promise); `NumericalError` when the state becomes non-finite, or the step underflows or the step budget runs
 *   out, with `throwOnFailure` true.
 * @example
 * ```ts
 * const gbm: Sde = { noise: 'diagonal', drift: (t, x) => tf.mul(x, 0.5), diffusion: (t, x) => x.clone() };
 * const { ys } = await sdeint(gbm, tf.ones([10_000, 1]), [0, 1], { method: 'milstein', dt: 1e-3, seed: 1 });
 * // Adaptive steps on one seeded Brownian path:
 * const bm = new BrownianPath({ shape: [10_000, 1], t0: 0, t1: 1, seed: 1 });
 * const adaptive = await sdeint(gbm, tf.ones([10_000, 1]), [0, 1], { method: 'milstein', adaptive: true, bm });
 * ```
 * @see Kloeden & Platen 1992; Li, Wong, Chen & Duvenaud 2020 (torchsde); Kidger 2021 (diffrax).
 */
export async function sdeint(
  sde: Sde,
  x0: tf.Tensor,
  ts: readonly number[],
  options: SdeOptions = {},
): Promise<SdeSolution> {
  const solver = resolveSolver(sde, options.method ?? 'euler');
  assertTensor('x0', x0, { rank: 2, dtype: 'float32' });
  assertFiniteTensor('x0', x0);
  assertMonotoneTimes('ts', ts);
  const dt = options.dt === undefined ? 1e-3 : assertPositive('options.dt', options.dt);
  const seed = options.seed === undefined ? 0 : assertInteger('options.seed', options.seed);
  if (options.adaptive !== undefined && typeof options.adaptive !== 'boolean') {
    throw new InvalidArgumentError('options.adaptive', 'true or false', options.adaptive);
  }
  if (options.adaptive !== true) {
    for (const key of ['rtol', 'atol', 'dtMin', 'onStep'] as const) {
      if (options[key] !== undefined) {
        throw new InvalidArgumentError(`options.${key}`, 'no value unless options.adaptive is true', options[key]);
      }
    }
  }
  const adaptive = options.adaptive === true ? validateAdaptive(options.bm, ts, dt, options) : undefined;
  const maxSteps = options.maxSteps === undefined ? 10_000 : assertInteger('options.maxSteps', options.maxSteps, 1);
  if (adaptive === undefined)
    assertFixedGrid(ts, dt, maxSteps, { stepSize: 'options.dt', maxSteps: 'options.maxSteps' });
  const shape = brownianShape(sde, x0.shape);
  const noiseFor = stepNoiseSource(options.bm, shape, seed, solver.needsLevyArea, sde.noise);
  const first = checkedFirstStart(sde, ts[0] as number, x0);
  if (adaptive !== undefined) {
    const counters = { steps: 0, rejected: 0, evaluations: 0 };
    const noise = (ta: number, tb: number) => noiseFor(0, ta, tb);
    const result = await adaptiveSolve(sde, solver, x0, ts, adaptive, first, noise, counters);
    return { ...result, stats: counters };
  }
  const stats: SdeStats = { steps: 0, evaluations: 0 };

  const outputs: tf.Tensor[] = [tf.clone(x0)];
  let x = tf.clone(x0);
  let t = ts[0] as number;
  let start = first;
  let status: SdeSolution['status'] = 'success';
  let failure = '';
  try {
    for (let next = 1; next < ts.length && status === 'success'; next += 1) {
      const target = ts[next] as number;
      while (t !== target) {
        const { hStep, t1 } = gridStep(t, target, dt);
        // Both unreachable after assertFixedGrid but for rounding: they bound the loop whatever the grid does.
        if (stats.steps >= maxSteps || t1 === t) {
          status = t1 === t ? 'step-size-underflow' : 'max-steps';
          failure =
            t1 === t
              ? `the step ${hStep} no longer moves t = ${t} (t + h == t in float64). Use a larger dt.`
              : `reached maxSteps = ${maxSteps} at t = ${t} before t = ${target}. Raise options.maxSteps or use a larger dt.`;
          break;
        }
        const noise = noiseFor(stats.steps, t, t1);
        let result: StepResult;
        try {
          result = solver.step(sde, t, x, hStep, noise, start);
        } finally {
          tf.dispose([noise.dW, noise.levyArea]);
        }
        stats.evaluations += result.evaluations + start.evaluations;
        start.dispose();
        x.dispose();
        x = result.x;
        t = t1;
        start = new StepStart(sde, t, x);
        stats.steps += 1;
      }
      if (status !== 'success') break;
      // The state's finiteness is read back once per output time (not per step).
      const check = tf.tidy(() => tf.all(tf.isFinite(x)));
      const finite = await check.data();
      check.dispose();
      if (finite[0] !== 1) {
        status = 'non-finite';
        failure = `the state became non-finite by t = ${t} (after ${stats.steps} steps of at most ${dt}). Use a smaller dt.`;
      } else {
        outputs.push(tf.clone(x));
      }
    }
    if (status !== 'success' && (options.throwOnFailure ?? true)) {
      throw new NumericalError(status, `sdeint (${solver.name}) failed: ${failure}`, { t });
    }
    return { ys: tf.stack(outputs), ts: ts.slice(0, outputs.length), stats, status };
  } finally {
    start.dispose();
    tf.dispose([...outputs, x]);
  }
}

/**
 * Where each step's noise comes from: the caller's Brownian source (checked for shape and Lévy-area support), or
 * fresh seeded draws per step — ΔW ~ N(0, |h|) and, when needed, the independent space-time Lévy area
 * H ~ N(0, |h|/12) — which are exactly the law of a Brownian motion on the solve's grid.
 */
function stepNoiseSource(
  bm: BrownianSource | undefined,
  shape: number[],
  seed: number,
  withArea: boolean,
  noiseType: Sde['noise'],
): (step: number, ta: number, tb: number) => StepNoise {
  if (bm === undefined) {
    return (step, ta, tb) => {
      const scale = Math.sqrt(Math.abs(tb - ta));
      const dW = randomNormal(shape, deriveSeed(seed, step, 0), 0, scale);
      return withArea
        ? { dW, levyArea: randomNormal(shape, deriveSeed(seed, step, 1), 0, scale / Math.sqrt(12)) }
        : { dW };
    };
  }
  if (!tf.util.arraysEqual([...bm.shape], shape)) {
    throw new ShapeError('options.bm', `a Brownian motion of shape ${formatShape(shape)} for ${noiseType} noise`, [
      ...bm.shape,
    ]);
  }
  const area = bm.spaceTimeLevyArea?.bind(bm);
  if (withArea && area === undefined) {
    throw new InvalidArgumentError('options.bm', 'a Brownian source with spaceTimeLevyArea (needed by "srk")', bm);
  }
  return (_step, ta, tb) => {
    const dW = bm.increment(ta, tb);
    return withArea && area !== undefined ? { dW, levyArea: area(Math.min(ta, tb), Math.max(ta, tb)) } : { dW };
  };
}

/** Looks the method up and checks that it fits the SDE's kind and noise type. */
function resolveSolver(sde: Sde, method: string): SdeSolver {
  if (
    typeof sde !== 'object' ||
    sde === null ||
    typeof sde.drift !== 'function' ||
    typeof sde.diffusion !== 'function'
  ) {
    throw new InvalidArgumentError('sde', 'an object with drift(t, x) and diffusion(t, x) functions', sde);
  }
  assertOneOf('sde.noise', sde.noise, ['diagonal', 'scalar', 'additive', 'general']);
  const kind = sde.kind === undefined ? 'ito' : assertOneOf('sde.kind', sde.kind, ['ito', 'stratonovich']);
  if (sde.noise === 'general') assertInteger('sde.brownianDim', sde.brownianDim, 1);
  const solver = Object.hasOwn(SDE_METHODS, method) ? SDE_METHODS[method] : undefined;
  if (solver === undefined) {
    throw new InvalidArgumentError(
      'options.method',
      `one of ${Object.keys(SDE_METHODS)
        .map((n) => `"${n}"`)
        .join(', ')}`,
      method,
    );
  }
  if (!solver.kinds.includes(kind)) {
    throw new InvalidArgumentError(
      'options.method',
      `a method for ${kind} SDEs ("${solver.name}" solves ${solver.kinds.join('/')} SDEs)`,
      method,
      kind === 'stratonovich'
        ? 'Use "heun" (or "milstein").'
        : 'Use "euler" or "milstein", or declare kind: "stratonovich".',
    );
  }
  if (!solver.noiseTypes.includes(sde.noise)) {
    throw new InvalidArgumentError(
      'options.method',
      `a method for ${sde.noise} noise ("${solver.name}" supports ${solver.noiseTypes.join(', ')})`,
      method,
      'Euler–Maruyama ("euler") supports every noise type.',
    );
  }
  return solver;
}

/**
 * Evaluates drift and diffusion at the first point, checks their shapes against the state and the noise type, and
 * returns them as the first step's {@link StepStart} (owned by the caller), so the check costs no evaluation.
 */
function checkedFirstStart(sde: Sde, t: number, x0: tf.Tensor): StepStart {
  const start = new StepStart(sde, t, x0);
  try {
    start.drift();
    start.diffusion();
    return start;
  } catch (error) {
    start.dispose();
    throw error;
  }
}
