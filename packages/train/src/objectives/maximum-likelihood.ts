import {
  hutchinsonProbe,
  InvalidArgumentError,
  StandardNormal,
  type VectorField,
  valueAndDivergenceExact,
  valueAndDivergenceHutchinson,
} from '@gen/core';
import { assertInteger, assertOneOf, assertPositive } from '@gen/core/internal';
import { getMethod, type OdeOptions, odeintSync } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { conditionalField } from '../conditioning/conditional-field.js';
import { assertLossArgs } from './checks.js';
import type { Objective } from './objective.js';
import { Stream, streamSeed } from './random-streams.js';
import { flattenRows } from './tensors.js';

/** Options of {@link maximumLikelihood}. */
export interface MaximumLikelihoodOptions {
  /** `'hutchinson'` (default; one Rademacher probe per loss call) or `'exact'` (D vector–Jacobian products). */
  divergence?: 'hutchinson' | 'exact';
  /** An `@gen/ode` method (default `'dopri5'`). */
  method?: string;
  /** Take this many equal steps over [0, 1] (required by fixed-step methods; makes adaptive ones fixed-step). */
  steps?: number;
  /** Relative tolerance of an adaptive solve (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance of an adaptive solve (default 1e-5). */
  atol?: number;
}

/**
 * Maximum likelihood for a continuous normalising flow (FFJORD): the loss −(1/N)·Σᵢ log p_θ(xᵢ) with the prior
 * N(0, I) at t = 1, differentiated by backpropagation through the ODE solver.
 *
 * @remarks
 * By the instantaneous change of variables, log p_θ(x) = log N(z; 0, I) + ∫₀¹ ∇·u_θ(t, x(t)) dt with
 * dx/dt = u_θ(t, x), x(0) = x and z = x(1). The augmented state [x, Δlogp] (Δlogp(0) = 0, dΔlogp/dt = ∇·u_θ) is
 * integrated from t = 0 to t = 1 by `@gen/ode`'s synchronous `odeintSync`, so the whole solve is recorded on
 * `tf.variableGrads`' tape (discretise-then-optimise; adaptive step sizes are treated as constants).
 *
 * The divergence is exact (the model's own `divergence` when it has one, else D vector–Jacobian products) or
 * Hutchinson's estimate εᵀ(∂u/∂x)ε with one Rademacher probe ε drawn from the seed and fixed for the whole solve,
 * which is unbiased for log p_θ (FFJORD). With the exact divergence the loss equals −mean of `@gen/ode`'s
 * `logProb` to solver accuracy.
 *
 * Images [N, H, W, C] are solved as rows of D = H·W·C values (the model sees them in their own shape). Exact
 * divergence then costs D vector–Jacobian products per evaluation (784 at MNIST size), so keep the default
 * Hutchinson estimate there. With class labels, the model is evaluated as `conditionalField(model, labels)`: the
 * loss is −log p_θ(x | c). Unlike the regression objectives, this one evaluates the model deterministically (no
 * dropout): the change of variables integrates one fixed field, and masks drawn afresh at every solver stage would
 * make it a different field at each stage (and upset the adaptive step control).
 *
 * @param options - Divergence, solver method, fixed step count, tolerances.
 * @returns The objective (`name` `"maximum-likelihood"`). Its loss throws `NumericalError` when the solve fails.
 * @throws `InvalidArgumentError` naming `options.divergence`, `options.method` (unknown), `options.steps`
 *   (not an integer ≥ 1, or missing for a fixed-step method), `options.rtol` or `options.atol` (not positive).
 * @example
 * ```ts
 * const objective = maximumLikelihood({ divergence: 'hutchinson', rtol: 1e-5, atol: 1e-5 });
 * const { value, grads } = tf.variableGrads(() => objective.loss(model, batch, 0), model.variables);
 * ```
 * @see Chen, Rubanova, Bettencourt & Duvenaud, "Neural Ordinary Differential Equations", NeurIPS 2018.
 * @see Grathwohl, Chen, Bettencourt, Sutskever & Duvenaud, "FFJORD: Free-form Continuous Dynamics for Scalable
 *   Reversible Generative Models", ICLR 2019.
 */
export function maximumLikelihood(options: MaximumLikelihoodOptions = {}): Objective {
  const divergence = assertOneOf('options.divergence', options.divergence ?? 'hutchinson', ['hutchinson', 'exact']);
  const solver = solverOptions(options);
  return {
    name: 'maximum-likelihood',
    loss(model, batch, seed, labels) {
      const [n, d] = assertLossArgs(model, batch, seed, labels);
      const field = rowField(labels === undefined ? model : conditionalField(model, labels), batch.shape);
      return tf.tidy(() => {
        const probe = divergence === 'hutchinson' ? hutchinsonProbe([n, d], streamSeed(seed, Stream.probe)) : undefined;
        const augmented: VectorField = (t, state) =>
          tf.tidy(() => {
            const x = tf.slice(state, [0, 0], [n, d]);
            const { value, divergence: div } = valueAndDivergence(field, t, x, probe);
            return tf.concat([value, tf.reshape(div, [n, 1])], 1);
          });
        const { ys } = odeintSync(augmented, tf.concat([flattenRows(batch), tf.zeros([n, 1])], 1), [0, 1], solver);
        const end = tf.reshape(tf.slice(ys, [1, 0, 0], [1, n, d + 1]), [n, d + 1]);
        const logp = tf.add(
          new StandardNormal(d).logProb(tf.slice(end, [0, 0], [n, d])),
          tf.reshape(tf.slice(end, [0, d], [n, 1]), [n]),
        );
        return tf.neg(tf.mean(logp)) as tf.Scalar;
      });
    },
  };
}

/** Validates the solver options once and turns `steps` into odeint's `stepSize`. */
function solverOptions(options: MaximumLikelihoodOptions): Omit<OdeOptions, 'event'> {
  const method = options.method ?? 'dopri5';
  const tableau = getMethod(method);
  const solver: Omit<OdeOptions, 'event'> = { method };
  if (options.steps !== undefined) solver.stepSize = 1 / assertInteger('options.steps', options.steps, 1);
  else if (!tableau.adaptive) {
    throw new InvalidArgumentError(
      'options.steps',
      `a step count (the fixed-step method "${method}" needs one)`,
      undefined,
    );
  }
  if (options.rtol !== undefined) solver.rtol = assertPositive('options.rtol', options.rtol);
  if (options.atol !== undefined) solver.atol = assertPositive('options.atol', options.atol);
  return solver;
}

/**
 * The field on rows [N, D] of samples of shape `shape`: the field itself for points, else a reshaping wrapper (which
 * keeps a closed-form divergence).
 */
function rowField(field: VectorField, shape: number[]): VectorField {
  if (shape.length === 2) return field;
  const wrapped: VectorField = (t, x) => tf.tidy(() => flattenRows(field(t, tf.reshape(x, shape))));
  const { divergence } = field;
  if (divergence !== undefined) wrapped.divergence = (t, x) => tf.tidy(() => divergence(t, tf.reshape(x, shape)));
  return wrapped;
}

/** u(t, x) and ∇·u per row: Hutchinson with the probe, else the field's closed form, else exact VJPs. */
function valueAndDivergence(
  model: VectorField,
  t: number,
  x: tf.Tensor,
  probe: tf.Tensor | undefined,
): { value: tf.Tensor; divergence: tf.Tensor } {
  if (probe !== undefined) return valueAndDivergenceHutchinson(model, t, x, probe);
  if (model.divergence !== undefined) return { value: model(t, x), divergence: model.divergence(t, x) };
  return valueAndDivergenceExact(model, t, x);
}
