import type { SolveStats } from '@gen/core';
import {
  type Distribution,
  deriveSeed,
  hutchinsonProbe,
  type ProbeKind,
  ShapeError,
  StandardNormal,
  type VectorField,
  valueAndDivergenceExact,
  valueAndDivergenceHutchinson,
} from '@gen/core';
import { assertInteger, assertOneOf, assertTensor, evaluateField } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { odeint } from './odeint.js';
import type { OdeOptions } from './options.js';

/** Options of {@link logProb}: the solver options plus how to compute the divergence and the prior. */
export interface LogProbOptions extends Omit<OdeOptions, 'event'> {
  /** `'exact'` (default; D vector–Jacobian products, or the field's own `divergence`) or `'hutchinson'`. */
  divergence?: 'exact' | 'hutchinson';
  /** Hutchinson probe distribution (default `'rademacher'`). */
  probe?: ProbeKind;
  /** Number of Hutchinson probes averaged at every evaluation (default 1); each is fixed for the whole solve. */
  probes?: number;
  /** Seed of the Hutchinson probes (default 0). */
  seed?: number;
  /** The prior at the end of the time span (default `StandardNormal(D)`). */
  prior?: Distribution;
  /**
   * The interval [t0, t1] to integrate over (default [0, 1]). Diffusion models whose score is singular at t = 0
   * integrate from a small t0 (e.g. 1e-5), as score_sde does.
   */
  timeSpan?: readonly [number, number];
}

/** The result of {@link logProb}; the caller owns both tensors. */
export interface LogProbResult {
  /** log p₀(x) per sample, [N]. */
  logp: tf.Tensor;
  /** The latent z = φ₁(x), [N, D]. */
  z: tf.Tensor;
  /** Solver counters. */
  stats: SolveStats;
}

/**
 * The exact log-density of a flow model, log p₀(x) = log p₁(φ₁(x)) + ∫₀¹ ∇·u(t, x(t)) dt (instantaneous change of
 * variables), by integrating the augmented state [x, Δlogp] from t = 0 (data) to t = 1 (prior), or over
 * `options.timeSpan`.
 *
 * @remarks
 * With `divergence: 'exact'` the trace is exact: the field's own closed-form `divergence(t, x)` when it has one,
 * otherwise D vector–Jacobian products sharing their first forward pass with the field value. With
 * `'hutchinson'`, ε-probes (fixed for the whole solve, as FFJORD does, so the integrand stays smooth) give an
 * unbiased estimate of the trace, one forward and one backward pass per probe. The error norm covers Δlogp too.
 *
 * @param f - The flow's vector field u(t, x) on [N, D].
 * @param x - Data points [N, D], float32; not disposed.
 * @param options - Divergence method, probes, prior, and solver options (method, rtol, atol, ...).
 * @returns `logp` [N], `z` [N, D] and the solver counters; the caller owns the tensors.
 * @throws `ShapeError` when `x` is not [N, D] or the prior's dimension differs;
 *   `InvalidArgumentError` for bad options; `NumericalError` when the solve fails.
 * @example
 * ```ts
 * const { logp, z } = await logProb(field, x, { divergence: 'exact', rtol: 1e-5, atol: 1e-5 });
 * const nll = -logp.mean().dataSync()[0];
 * ```
 * @see Chen et al. 2018, Neural Ordinary Differential Equations; Grathwohl et al. 2019, FFJORD.
 */
export async function logProb(f: VectorField, x: tf.Tensor, options: LogProbOptions = {}): Promise<LogProbResult> {
  assertTensor('x', x, { rank: 2, dtype: 'float32' });
  const [n, d] = x.shape as [number, number];
  const {
    divergence = 'exact',
    probe = 'rademacher',
    probes = 1,
    seed = 0,
    prior = new StandardNormal(d),
    timeSpan = [0, 1],
    ...solver
  } = options;
  assertOneOf('options.divergence', divergence, ['exact', 'hutchinson']);
  assertOneOf('options.probe', probe, ['rademacher', 'gaussian']);
  assertInteger('options.probes', probes, 1);
  assertInteger('options.seed', seed);
  if (prior.dim !== d)
    throw new ShapeError('options.prior', `a distribution of dimension ${d} (that of x)`, [prior.dim]);
  const epsilons =
    divergence === 'hutchinson'
      ? Array.from({ length: probes }, (_, k) => hutchinsonProbe([n, d], deriveSeed(seed, k), probe))
      : [];
  const augmented: VectorField = (t, state) =>
    tf.tidy(() => {
      const point = state.slice([0, 0], [n, d]);
      const { value, divergence: div } = fieldAndDivergence(f, t, point, epsilons);
      return tf.concat([value, tf.reshape(div, [n, 1])], 1);
    });
  const start = tf.tidy(() => tf.concat([x, tf.zeros([n, 1])], 1));
  try {
    const { ys, stats } = await odeint(augmented, start, [...timeSpan], solver);
    const { z, logp } = tf.tidy(() => {
      const end = ys.slice([1, 0, 0], [1, n, d + 1]).reshape([n, d + 1]);
      const latent = end.slice([0, 0], [n, d]);
      const deltaLogp = end.slice([0, d], [n, 1]).reshape([n]);
      return { z: latent, logp: tf.add(prior.logProb(latent), deltaLogp) };
    });
    ys.dispose();
    return { logp, z, stats };
  } finally {
    tf.dispose([start, ...epsilons]);
  }
}

/** f(t, x) and its divergence per sample: exact (closed form if the field has one) or averaged over probes. */
function fieldAndDivergence(
  f: VectorField,
  t: number,
  x: tf.Tensor,
  probes: readonly tf.Tensor[],
): { value: tf.Tensor; divergence: tf.Tensor } {
  if (probes.length === 0) {
    return f.divergence === undefined
      ? valueAndDivergenceExact(f, t, x)
      : {
          value: evaluateField(f, t, x),
          divergence: evaluateField((s, y) => f.divergence?.(s, y), t, x, 'f.divergence(t, x)', [x.shape[0] as number]),
        };
  }
  const estimates = probes.map((probe) => valueAndDivergenceHutchinson(f, t, x, probe));
  const [first, ...rest] = estimates as [(typeof estimates)[number], ...typeof estimates];
  tf.dispose(rest.map((e) => e.value));
  return { value: first.value, divergence: tf.div(tf.addN(estimates.map((e) => e.divergence)), estimates.length) };
}
