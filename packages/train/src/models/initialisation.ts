import { Rng } from '@gen/core';

/**
 * A Glorot (Xavier) uniform kernel: entries drawn uniformly from [−a, a) with a = √(6 / (in + out)).
 *
 * @remarks
 * The variance 2 / (in + out) balances the variance of the activations (forward) and of the back-propagated
 * gradients (backward) across layers for activations that are close to linear near zero (tanh, ELU, SiLU up to a
 * factor ½); it is the Keras default. Drawn on the host by `Rng` in float64 and rounded to float32, so equal seeds
 * give bit-identical kernels on every backend.
 *
 * @param fanIn - Rows (inputs) of the kernel.
 * @param fanOut - Columns (outputs) of the kernel.
 * @param seed - The seed of this kernel's draw.
 * @returns The kernel, row-major [fanIn, fanOut].
 * @example
 * ```ts
 * const kernel = glorotUniform(3, 256, deriveSeed(seed, 0, 0));
 * ```
 * @see X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward neural networks",
 *   AISTATS 2010.
 */
export function glorotUniform(fanIn: number, fanOut: number, seed: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const uniforms = new Rng(seed).fillUniform(new Float64Array(fanIn * fanOut));
  return Float32Array.from(uniforms, (u) => (2 * u - 1) * limit);
}
