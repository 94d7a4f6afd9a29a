import { InvalidArgumentError } from '@gen/core';
import { webglCapabilities } from './capabilities.js';

/** What numerics need at one float precision, as {@link webglPrecisionSettings} returns it. */
export interface WebglPrecisionSettings {
  /** The bits of the floats tensors are stored in: 32 (float32 textures) or 16 (half floats). */
  readonly textureFloatBits: 16 | 32;
  /** The unit roundoff u of that format: 2⁻²⁴ ≈ 5.96e-8 for float32, 2⁻¹¹ ≈ 4.88e-4 for float16. */
  readonly unitRoundoff: number;
  /**
   * The Adam ε to pass explicitly (`new Adam(vars, { epsilon })`, `train({ adam: { epsilon } })`): 1e-7 for
   * float32, 1e-4 for float16. Never tfjs's `backend.epsilon()`, which says 1e-4 on float32 textures too.
   */
  readonly adamEpsilon: number;
  /** The smallest rtol worth asking an adaptive solver for: 100·(2u), 1.19e-5 for float32, 0.0977 for float16. */
  readonly minRtol: number;
  /** The smallest atol worth asking for, for states of order one: the same number as {@link minRtol}. */
  readonly minAtol: number;
}

/**
 * What numerics need on the active `webgl` backend (or at a given texture precision): the Adam ε to pass and the
 * floors of adaptive solvers' error tolerances, so that webgl results match cpu and wasm within stated tolerances.
 *
 * @remarks
 * Every number derives from the unit roundoff u of the format tensors are stored in (`textureFloatBits` of
 * {@link webglCapabilities}): u = 2⁻²⁴ for float32 textures, u = 2⁻¹¹ for 16-bit half floats.
 *
 * - **Adam ε.** tfjs's `backend.epsilon()` returns 1e-4 whenever `floatPrecision()` says 16, and tfjs 4.22 says 16
 *   whenever float32 render targets are on, i.e. on almost every desktop GPU; an optimiser built on it then differs
 *   from the cpu and wasm runs (ε = 1e-7) on every parameter whose gradient is small. With float32 textures ε is
 *   1e-7, the order of float32's machine epsilon 2u = 2⁻²³ ≈ 1.19e-7 and the Keras/tfjs float32 default (also
 *   `@gen/train`'s `Adam` default), so webgl runs the same update as cpu and wasm. With half floats ε is 1e-4, the
 *   first power of ten above the smallest normal half float 2⁻¹⁴ ≈ 6.1e-5: a smaller ε is flushed to zero by many
 *   GPUs and √v̂ + ε can then be 0.
 * - **Error-norm floors.** An adaptive solver accepts a step when ‖e / (atol + rtol·|y|)‖ ≤ 1. Below a few hundred
 *   u the rounding of every stage (a fused linear combination of up to six stage derivatives in dopri5) is as large as
 *   the truncation error the controller estimates, so it chases rounding noise: step sizes collapse and the solve
 *   ends in `step-size-underflow` or `max-steps` without being more accurate. The floor is scipy's `solve_ivp` rule
 *   (it raises rtol to 100·eps) with the machine epsilon eps = 2u of the texture format: 100·2⁻²³ ≈ 1.19e-5 for
 *   float32, 100·2⁻¹⁰ ≈ 0.0977 for float16. The atol floor is the same number, which assumes states of order one
 *   (gen's prior is a standard Gaussian); scale it by the states' magnitude otherwise.
 *
 * cpu and wasm store float32, so `webglPrecisionSettings(32)` gives their numbers too.
 *
 * @param textureFloatBits - 32 or 16; by default the active webgl backend's (`webglCapabilities().textureFloatBits`).
 * @returns The settings for that precision.
 * @throws `InvalidArgumentError` (from `@gen/core`) when `textureFloatBits` is given and is neither 16 nor 32;
 *   `BackendUnavailableError` when it is left out and the active backend is not `webgl`.
 * @example
 * ```ts
 * await initWebgl();
 * const { adamEpsilon, minRtol, minAtol } = webglPrecisionSettings();
 * const adam = new Adam(model.variables, { epsilon: adamEpsilon });
 * const { ys } = await odeint(field, y0, [1, 0], {
 *   method: 'dopri5',
 *   rtol: Math.max(1e-6, minRtol), // 1.19e-5 on float32 textures
 *   atol: Math.max(1e-6, minAtol),
 * });
 * ```
 * @see Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015 (ε); Higham, "Accuracy and Stability
 *   of Numerical Algorithms", 2nd ed., §2.1 (unit roundoff); scipy.integrate.solve_ivp (the 100·eps rtol floor).
 */
export function webglPrecisionSettings(
  textureFloatBits: 16 | 32 = webglCapabilities().textureFloatBits,
): WebglPrecisionSettings {
  if (textureFloatBits !== 16 && textureFloatBits !== 32) {
    throw new InvalidArgumentError('textureFloatBits', '16 or 32', textureFloatBits);
  }
  const unitRoundoff = textureFloatBits === 32 ? 2 ** -24 : 2 ** -11;
  const floor = 100 * 2 * unitRoundoff;
  return {
    textureFloatBits,
    unitRoundoff,
    adamEpsilon: textureFloatBits === 32 ? 1e-7 : 1e-4,
    minRtol: floor,
    minAtol: floor,
  };
}
