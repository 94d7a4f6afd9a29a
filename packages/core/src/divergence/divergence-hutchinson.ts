import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../types.js';
import { assertTensor } from '../validation/tensors.js';
import { assertDivergenceArgs } from './checks.js';
import type { ValueAndDivergence } from './divergence-exact.js';
import { fieldVjp } from './field-vjp.js';

/**
 * Hutchinson's unbiased estimate εᵀ(∂f/∂x)ε of the divergence ∇·f(t, x) at every point of a batch, with one
 * vector–Jacobian product.
 *
 * @remarks
 * For a probe ε with E[ε] = 0 and E[εεᵀ] = I (Rademacher or standard Gaussian, see {@link hutchinsonProbe}),
 * E[εᵀJε] = tr J. One backward pass of sum(f·ε) gives εᵀJ for every sample; its dot product with ε is the
 * estimate. The cost is one forward and one backward pass whatever D. With S = (J + Jᵀ)/2, the variance is
 * 2·‖S − diag(S)‖²_F for Rademacher probes (exactly 0 when J is diagonal) and 2·‖S‖²_F for Gaussian ones. Keep
 * one probe fixed for a whole ODE solve so that the estimated log-density is a smooth function of time
 * (FFJORD). The field must treat the rows of `x` independently; a closed-form `f.divergence`, if attached, is
 * ignored.
 *
 * @param f - The vector field u(t, x), mapping [N, D] to [N, D].
 * @param t - The time, a finite JS number.
 * @param x - The points, a float32 tensor [N, D]; not disposed.
 * @param probe - The probe ε, a float32 tensor of the same shape [N, D]; not disposed.
 * @returns The estimate per sample, shape [N], a new tensor owned by the caller.
 * @throws {@link InvalidArgumentError} when `f` is not a function, `t` is not finite, or `x` or `probe` is not
 *   a live float32 tensor; {@link ShapeError} when `x` is not rank 2, `probe` does not have the shape of `x`,
 *   or f(t, x) does not have the shape of `x`.
 * @example
 * ```ts
 * const probe = hutchinsonProbe([1024, 2], 7, 'rademacher');
 * const estimate = divergenceHutchinson(field, 0.5, x, probe); // [1024]
 * tf.dispose([probe, estimate]);
 * ```
 * @see M. F. Hutchinson, "A stochastic estimator of the trace of the influence matrix for Laplacian smoothing
 *   splines", Communications in Statistics – Simulation and Computation 18(3), 1989.
 * @see W. Grathwohl, R. T. Q. Chen, J. Bettencourt, I. Sutskever, D. Duvenaud, "FFJORD: Free-form Continuous
 *   Dynamics for Scalable Reversible Generative Models", ICLR 2019.
 */
export function divergenceHutchinson(f: VectorField, t: number, x: tf.Tensor, probe: tf.Tensor): tf.Tensor {
  assertDivergenceArgs(f, t, x);
  assertTensor('probe', probe, { shape: x.shape, dtype: 'float32' });
  return tf.tidy(() => tf.sum(tf.mul(fieldVjp(f, t, x, probe).vjp, probe), 1));
}

/**
 * The field's value f(t, x) together with {@link divergenceHutchinson}'s estimate, from the same single forward
 * pass: what a likelihood solve needs at every stage.
 *
 * @param f - The vector field u(t, x), mapping [N, D] to [N, D].
 * @param t - The time, a finite JS number.
 * @param x - The points, a float32 tensor [N, D]; not disposed.
 * @param probe - The probe ε, float32 [N, D]; not disposed.
 * @returns `value` f(t, x) [N, D] and `divergence` [N], both owned by the caller.
 * @throws As {@link divergenceHutchinson}.
 * @example
 * ```ts
 * const { value, divergence } = valueAndDivergenceHutchinson(field, 0.5, x, probe);
 * ```
 */
export function valueAndDivergenceHutchinson(
  f: VectorField,
  t: number,
  x: tf.Tensor,
  probe: tf.Tensor,
): ValueAndDivergence {
  assertDivergenceArgs(f, t, x);
  assertTensor('probe', probe, { shape: x.shape, dtype: 'float32' });
  return tf.tidy(() => {
    const { value, vjp } = fieldVjp(f, t, x, probe);
    return { value, divergence: tf.sum(tf.mul(vjp, probe), 1) };
  });
}
