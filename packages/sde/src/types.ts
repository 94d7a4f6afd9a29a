import type * as tf from '@tensorflow/tfjs';

/**
 * How the diffusion term g(t, x) multiplies the Brownian increment dW, for a state x of shape [N, D]:
 *
 * - `'diagonal'`: g is [N, D], one independent Brownian motion per state entry, dW is [N, D], g ⊙ dW.
 * - `'scalar'`: g is [N, D], one Brownian motion per sample, dW is [N, 1], g·dW broadcast over D.
 * - `'additive'`: like `'diagonal'` but g depends on t only (never on x), which enables higher-order solvers.
 * - `'general'`: g is [N, D, M] with M = `brownianDim` Brownian motions per sample, dW is [N, M], g·dW a batched
 *   matrix–vector product.
 */
export type NoiseType = 'diagonal' | 'scalar' | 'additive' | 'general';

/**
 * A stochastic differential equation dx = f(t, x) dt + g(t, x) dW on a batch of states [N, D].
 *
 * @remarks
 * Time convention: t = 0 is data, t = 1 is the prior. `drift` and `diffusion` return new tensors owned by the
 * caller and never dispose `x`. `kind` says how the stochastic integral is read (Itô by default); Heun's method
 * solves Stratonovich equations.
 *
 * @example
 * ```ts
 * // Geometric Brownian motion dx = μx dt + σx dW.
 * const gbm: Sde = { noise: 'diagonal', drift: (t, x) => tf.mul(x, 0.5), diffusion: (t, x) => tf.mul(x, 1) };
 * ```
 */
export interface Sde {
  /** The drift f(t, x), shaped like `x`. */
  drift(t: number, x: tf.Tensor): tf.Tensor;
  /** The diffusion g(t, x): [N, D] for diagonal, scalar and additive noise; [N, D, M] for general noise. */
  diffusion(t: number, x: tf.Tensor): tf.Tensor;
  /** How g multiplies dW. */
  readonly noise: NoiseType;
  /** Itô (default) or Stratonovich. */
  readonly kind?: 'ito' | 'stratonovich';
  /** Number of Brownian motions M per sample, required for general noise. */
  readonly brownianDim?: number;
}

/**
 * A source of Brownian increments: anything that answers W(tb) − W(ta) consistently with one sample path.
 * Solvers never draw noise themselves; they ask the source.
 */
export interface BrownianSource {
  /** The shape of W(t), e.g. [N, D] (diagonal noise), [N, 1] (scalar) or [N, M] (general). */
  readonly shape: readonly number[];
  /**
   * The increment W(tb) − W(ta).
   *
   * @param ta - Start time.
   * @param tb - End time (may be smaller than `ta`: the increment is then negative of the forward one).
   * @returns A new tensor of `shape`, owned by the caller.
   */
  increment(ta: number, tb: number): tf.Tensor;
  /**
   * The space-time Lévy area H = (1/h)∫ₐᵇ (W(r) − W(ta) − (r − ta)/h·ΔW) dr with h = tb − ta, consistent with the
   * same path (needed by the order-1.5 additive-noise solver `'srk'`).
   *
   * @param ta - Start time.
   * @param tb - End time.
   * @returns A new tensor of `shape`, owned by the caller.
   */
  spaceTimeLevyArea?(ta: number, tb: number): tf.Tensor;
}
