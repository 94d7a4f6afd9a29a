import { InvalidArgumentError, ShapeError } from '@gen/core';
import { assertInteger, assertTensor } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { ODE_SAMPLERS } from './ode-samplers.js';
import { odeint } from './odeint.js';
import type { OdeOptions } from './options.js';
import type { SampleOptions, SampleResult, Sampler, SamplerInfo, SamplingProblem, SamplingTarget } from './sampler.js';

/**
 * Most steps a fixed-step sampler takes: each is at least one model evaluation on the whole batch (1 000 is the
 * usual reverse-SDE count), and time grids are built before the first step, so a count like 1e9 would fail for
 * memory, not time.
 */
export const MAX_SAMPLE_STEPS = 1_000_000;

/** The options that only adaptive methods take. */
const ADAPTIVE_ONLY = ['rtol', 'atol', 'maxSteps', 'firstStep', 'minStep', 'maxStep', 'controller'] as const;

/**
 * Samples a flow or a diffusion model: starts from z (or a draw of the prior) at t1 and runs the chosen sampler of
 * the table down to t0, for any shape of state ([N, D] points, [N, H, W, C] images).
 *
 * @remarks
 * `options.method` names a row of the sampler table: an ODE method of `@gen/ode`'s registry (integrating the
 * target's field with `odeint`), or, for a diffusion problem (`diffusionProblem` of `@gen/sde`), one of its
 * samplers (reverse SDE, predictor–corrector, DDIM, DPM-Solver++). One rule drives every method: an adaptive
 * method takes `rtol` / `atol` (default 1e-5) and `maxSteps`; every other sampler takes `steps` (default the
 * method's), an ODE method then stepping `(t1 − t0) / steps` with no hidden step budget. Giving the other kind's
 * options is an error, not silently ignored.
 *
 * @param target - A vector field u(t, x) (a flow on [0, 1]) or a {@link SamplingProblem}; borrowed.
 * @param nOrZ - The start z at t1, float32 of rank ≥ 2 (borrowed), or a number of samples drawn from
 *   `options.prior` with `options.seed`.
 * @param options - Method, time span, `steps` or `rtol` / `atol`, seed, prior, the method's own `settings`.
 * @returns `x` shaped like z (owned by the caller) and the counters (`nfe`: model evaluations).
 * @throws `InvalidArgumentError` naming the parameter for an unknown method (listing the valid names), options
 *   of the other kind of method, a bad count, step count, time span, seed or setting, or a missing prior;
 *   `ShapeError` for a z of rank < 2; `NumericalError` when the solve fails or the samples are not finite.
 *   Every tensor made is freed on every path.
 * @example
 * ```ts
 * const z = randomNormal([1000, 2], 1);
 * const { x, stats } = await sample(field, z, { method: 'rk4', steps: 50 });       // stats.nfe === 200
 * const fine = await sample(field, z, { method: 'dopri5', rtol: 1e-6, atol: 1e-6 });
 * ```
 */
export async function sample(
  target: SamplingTarget,
  nOrZ: number | tf.Tensor,
  options: SampleOptions = {},
): Promise<SampleResult> {
  const problem = asProblem(target);
  const method = options.method ?? 'dopri5';
  const sampler = findSampler(problem, method);
  const timeSpan = resolveTimeSpan(options.timeSpan ?? problem.timeSpan);
  const seed = assertInteger('options.seed', options.seed ?? 0);
  const settings = resolveSettings(sampler, options.settings);
  const solver = sampler === ODE_SAMPLERS[method] ? odeSolveOptions(options, timeSpan) : undefined;
  const steps = sampler.adaptive ? 0 : resolveSteps(options, sampler);
  const z = startOf(nOrZ, options, seed);
  try {
    if (solver === undefined) return await (sampler as Sampler).sample(z, { timeSpan, steps, seed, settings });
    const { ys, stats } = await odeint(problem.field, z, [timeSpan[1], timeSpan[0]], solver);
    const x = tf.tidy(() => ys.slice([1], [1]).reshape(z.shape));
    ys.dispose();
    return { x, stats };
  } finally {
    if (z !== nOrZ) z.dispose();
  }
}

/**
 * The `odeint` options of an ODE method over a span: the one place that says "adaptive → `rtol` / `atol`, fixed
 * step → stepSize = span / steps".
 *
 * @remarks
 * A fixed-step method takes exactly `steps` (default 20) equal steps with no step budget, so a long grid is never
 * cut by a hidden limit; an adaptive one gets `rtol`, `atol` (default 1e-5), `maxSteps` and the other step-control
 * options. Options of the other kind are refused.
 *
 * @param options - `method` (default `'dopri5'`), `steps` or `rtol` / `atol` / `maxSteps` / ….
 * @param timeSpan - The interval [t0, t1] solved over.
 * @returns Options for `odeint` / `logProb`.
 * @throws `InvalidArgumentError` naming `options.method` for an unknown method (listing the ODE methods),
 *   `options.<name>` for an option of the other kind of method, or `options.steps` for a bad count.
 * @example
 * ```ts
 * odeSolveOptions({ method: 'rk4', steps: 50 }, [0, 1]); // { method: 'rk4', stepSize: 0.02, maxSteps: 2^53 − 1 }
 * ```
 */
export function odeSolveOptions(
  options: Omit<SampleOptions, 'timeSpan' | 'seed' | 'prior' | 'settings'>,
  timeSpan: readonly [number, number],
): OdeOptions {
  const method = options.method ?? 'dopri5';
  const info = Object.hasOwn(ODE_SAMPLERS, method) ? ODE_SAMPLERS[method] : undefined;
  if (info === undefined) throw unknownMethod(method, Object.keys(ODE_SAMPLERS), 'the ODE methods');
  if (info.adaptive) {
    rejectMisfits(info, options, ['steps']);
    const solver: OdeOptions = { method };
    for (const name of ADAPTIVE_ONLY) if (options[name] !== undefined) Object.assign(solver, { [name]: options[name] });
    return solver;
  }
  const count = resolveSteps(options, info);
  // A fixed grid of span/steps ends after `steps` steps by construction (gridPieces absorbs rounding): no budget.
  return { method, stepSize: (timeSpan[1] - timeSpan[0]) / count, maxSteps: Number.MAX_SAFE_INTEGER };
}

/** A vector field as the problem of sampling a flow on [0, 1]. */
function asProblem(target: SamplingTarget): SamplingProblem {
  if (typeof target === 'function')
    return { description: 'a vector field', field: target, timeSpan: [0, 1], samplers: {} };
  if (typeof target !== 'object' || target === null || typeof (target as SamplingProblem).field !== 'function') {
    throw new InvalidArgumentError('target', 'a vector field (t, x) => tensor or a SamplingProblem', target);
  }
  return target;
}

/** The sampler called `method`: an ODE method or one the problem offers. */
function findSampler(problem: SamplingProblem, method: unknown): SamplerInfo {
  if (typeof method === 'string') {
    if (Object.hasOwn(ODE_SAMPLERS, method)) return ODE_SAMPLERS[method] as SamplerInfo;
    if (Object.hasOwn(problem.samplers, method)) return problem.samplers[method] as Sampler;
  }
  const extra = Object.keys(problem.samplers);
  throw unknownMethod(
    method,
    [...Object.keys(ODE_SAMPLERS), ...extra],
    `the samplers of ${problem.description}`,
    extra,
  );
}

/** The error of an unknown method name, listing the valid ones (and where the diffusion samplers are). */
function unknownMethod(
  method: unknown,
  names: readonly string[],
  which: string,
  extra: readonly string[] = [],
): InvalidArgumentError {
  const hint =
    extra.length === 0
      ? 'Diffusion samplers (reverse-sde, pc, ddim, dpm-solver++) need a diffusion model: pass diffusionProblem(process, model) of @gen/sde.'
      : undefined;
  return new InvalidArgumentError(
    'options.method',
    `one of ${names.map((n) => `"${n}"`).join(', ')} (${which})`,
    method,
    hint,
  );
}

/** Refuses options that the method's kind does not take. */
function rejectMisfits(info: SamplerInfo, options: object, names: readonly string[]): void {
  for (const name of names) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const kind = info.adaptive ? 'adaptive method' : 'fixed-step sampler';
    throw new InvalidArgumentError(
      `options.${name}`,
      `to be omitted for the ${kind} "${info.name}"`,
      value,
      'Fixed-step samplers take options.steps; adaptive methods take options.rtol and options.atol.',
    );
  }
}

/** The step count of a fixed-step sampler, after refusing the adaptive methods' options. */
function resolveSteps(options: SampleOptions, info: SamplerInfo): number {
  rejectMisfits(info, options, ADAPTIVE_ONLY);
  const count = assertInteger('options.steps', options.steps ?? info.defaults.steps, 1);
  if (count > MAX_SAMPLE_STEPS) {
    throw new InvalidArgumentError(
      'options.steps',
      `an integer 1…${MAX_SAMPLE_STEPS}`,
      count,
      'Each step evaluates the model on the whole batch; samplers need tens to a few thousand.',
    );
  }
  return count;
}

/** Checks the method's own settings against the names it takes. */
function resolveSettings(info: SamplerInfo, settings: unknown): Readonly<Record<string, unknown>> {
  if (settings === undefined) return {};
  if (typeof settings !== 'object' || settings === null) {
    throw new InvalidArgumentError('options.settings', 'an object of the method’s settings', settings);
  }
  for (const name of Object.keys(settings)) {
    if (!info.settings.includes(name)) {
      const valid = info.settings.length === 0 ? 'none' : info.settings.map((n) => `"${n}"`).join(', ');
      throw new InvalidArgumentError(`options.settings.${name}`, `a setting of "${info.name}" (${valid})`, name);
    }
  }
  return settings as Readonly<Record<string, unknown>>;
}

/** Validates [t0, t1] with t0 < t1, both finite. */
function resolveTimeSpan(span: unknown): readonly [number, number] {
  const ok =
    Array.isArray(span) &&
    span.length === 2 &&
    span.every((t) => typeof t === 'number' && Number.isFinite(t)) &&
    (span[0] as number) < (span[1] as number);
  if (!ok) throw new InvalidArgumentError('options.timeSpan', 'two finite times [t0, t1] with t0 < t1', span);
  return span as [number, number];
}

/** z itself (validated), or a new draw of the prior. */
function startOf(nOrZ: number | tf.Tensor, options: SampleOptions, seed: number): tf.Tensor {
  if (typeof nOrZ !== 'number') {
    const z = assertTensor('nOrZ', nOrZ, { dtype: 'float32' });
    if (z.rank < 2) throw new ShapeError('nOrZ', 'a batch of rank ≥ 2 ([N, D] or [N, H, W, C])', z.shape);
    return z;
  }
  assertInteger('nOrZ', nOrZ, 1);
  const { prior } = options;
  if (prior === undefined) {
    throw new InvalidArgumentError(
      'options.prior',
      'a prior distribution to draw from',
      prior,
      'Pass e.g. new StandardNormal(2), or pass z.',
    );
  }
  return prior.sample(nOrZ, seed);
}
