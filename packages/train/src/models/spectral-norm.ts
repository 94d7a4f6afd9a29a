import { Rng } from '@gen/core';
import * as tf from '@tensorflow/tfjs';

/** Power iterations run on the host when a spectrally normalised layer is initialised (as PyTorch does). */
export const SPECTRAL_INIT_ITERATIONS = 15;

/** Lower bound of every norm that is divided by, so that a zero matrix or vector gives zeros, not NaN. */
const NORM_FLOOR = 1e-12;

/**
 * The starting vector u ∈ ℝ^out of a layer's power iteration: a seeded random unit vector refined by
 * {@link SPECTRAL_INIT_ITERATIONS} power iterations on the initial kernel, in float64 on the host.
 *
 * @remarks
 * One iteration is v ← W u / ‖W u‖, u ← Wᵀ v / ‖Wᵀ v‖ (W is [in, out], as tfjs stores kernels), i.e. one power
 * step on WᵀW, so u tends to the top right singular vector of W. Computed on the host, so the result is the same
 * on every backend.
 *
 * @param kernel - The kernel W, row-major [in, out].
 * @param fanIn - Rows of W.
 * @param fanOut - Columns of W.
 * @param seed - Seed of the random starting direction.
 * @returns u, a float32 unit vector of length `fanOut` (owned by the caller).
 * @example
 * ```ts
 * const u = initialSpectralVector(kernel, 3, 256, 11);
 * ```
 */
export function initialSpectralVector(kernel: Float32Array, fanIn: number, fanOut: number, seed: number): Float32Array {
  const u = normalizeInPlace(new Rng(seed).fillNormal(new Float64Array(fanOut)));
  const v = new Float64Array(fanIn);
  for (let iteration = 0; iteration < SPECTRAL_INIT_ITERATIONS; iteration += 1) {
    for (let i = 0; i < fanIn; i += 1) {
      let sum = 0;
      for (let j = 0; j < fanOut; j += 1) sum += (kernel[i * fanOut + j] as number) * (u[j] as number);
      v[i] = sum;
    }
    normalizeInPlace(v);
    u.fill(0);
    for (let i = 0; i < fanIn; i += 1) {
      const vi = v[i] as number;
      for (let j = 0; j < fanOut; j += 1) u[j] = (u[j] as number) + (kernel[i * fanOut + j] as number) * vi;
    }
    normalizeInPlace(u);
  }
  return Float32Array.from(u);
}

/**
 * The spectrally normalised kernel W / σ̂(W), with the largest singular value σ̂ estimated by power iteration
 * from a persistent vector u (Miyato et al. 2018).
 *
 * @remarks
 * With u ∈ ℝ^out the layer's persistent unit vector (W is [in, out]):
 *
 * 1. When `update` is true (the training forward pass), one power iteration first replaces u:
 *    v ← W u / ‖W u‖, u ← Wᵀ v / ‖Wᵀ v‖, and the new u is stored in the variable.
 * 2. σ̂ = ‖W u‖₂ = vᵀ W u with v = W u / ‖W u‖, a lower bound on σ_max(W) that converges to it as u converges
 *    to the top right singular vector; the result is W / σ̂.
 *
 * Without `update` (inference: calling the field, its divergence) u is only read, so the field is a fixed
 * function of (t, x) during an ODE solve. The gradient treats u and v as constants, as in Miyato et al.:
 * with G = ∂L/∂(W/σ̂), ∂L/∂W = (G − ⟨G, W/σ̂⟩·v uᵀ) / σ̂, since ∂σ̂/∂W = v uᵀ. Norms are floored at 1e-12.
 *
 * @param w - The kernel [in, out]; not disposed.
 * @param u - The layer's persistent unit vector [out], a non-trainable variable; updated in place when `update`.
 * @param update - Whether to run one power iteration on u first (training) or to only read it (inference).
 * @returns W / σ̂, [in, out], owned by the caller.
 * @example
 * ```ts
 * const normalised = spectralNormalize(kernel, u, true); // one power step, then W / σ̂
 * ```
 * @see T. Miyato, T. Kataoka, M. Koyama, Y. Yoshida, "Spectral Normalization for Generative Adversarial
 *   Networks", ICLR 2018.
 */
export function spectralNormalize(w: tf.Tensor, u: tf.Variable, update: boolean): tf.Tensor {
  const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [kernel, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    if (update) u.assign(powerStep(kernel, u));
    const uRow = tf.reshape(u, [1, -1]) as tf.Tensor2D;
    const wu = tf.matMul(kernel, tf.reshape(u, [-1, 1]) as tf.Tensor2D);
    const sigma = tf.maximum(tf.norm(wu), NORM_FLOOR);
    const vColumn = tf.div(wu, sigma) as tf.Tensor2D;
    const value = tf.div(kernel, sigma);
    save([value, vColumn, uRow, sigma]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [normalised, v, uSaved, sigmaSaved] = saved as [tf.Tensor, tf.Tensor2D, tf.Tensor2D, tf.Tensor];
        const projection = tf.mul(tf.sum(tf.mul(dy, normalised)), tf.matMul(v, uSaved));
        return tf.div(tf.sub(dy, projection), sigmaSaved);
      },
    };
  });
  return normalize(w);
}

/** One power iteration u ← Wᵀ(W u / ‖W u‖) / ‖…‖ with plain (untransposed) products; returns the new u [out]. */
function powerStep(w: tf.Tensor2D, u: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = normalized(tf.matMul(w, tf.reshape(u, [-1, 1]) as tf.Tensor2D));
    return tf.reshape(normalized(tf.matMul(tf.reshape(v, [1, -1]) as tf.Tensor2D, w)), [-1]);
  });
}

function normalized(a: tf.Tensor): tf.Tensor {
  return tf.div(a, tf.maximum(tf.norm(a), NORM_FLOOR));
}

function normalizeInPlace<T extends Float64Array>(a: T): T {
  let sum = 0;
  for (const value of a) sum += value * value;
  const norm = Math.max(Math.sqrt(sum), NORM_FLOOR);
  for (let i = 0; i < a.length; i += 1) a[i] = (a[i] as number) / norm;
  return a;
}
