import { Rng } from '@gen/core';

/**
 * PyTorch's default initialisation of a dense layer's kernel or bias: entries drawn uniformly from [−a, a) with
 * a = 1/√fan_in.
 *
 * @remarks
 * This is what `torch.nn.Linear` does by default: `kaiming_uniform_(weight, a=√5)` gives the bound
 * gain·√(3/fan_in) with gain = √(2/(1 + 5)), that is 1/√fan_in, and the bias is drawn from the same range. The
 * weight variance 1/(3·fan_in) is smaller than Glorot's 2/(fan_in + fan_out) for a 3-input first layer but larger
 * for the hidden ones, and the random biases spread the first layer's SiLU kinks over the data range. On 2-D flow
 * matching with a 3×256 SiLU MLP this trains markedly faster than Glorot-uniform kernels with zero biases: after
 * 1 500 CFM updates on moons a sharp-kernel MMD² (relative to the prior's) of 0.133 ± 0.005 instead of 0.28, where
 * PyTorch scores 0.129 ± 0.006 with this initialisation (10 seeds each) and 0.29 with Glorot's
 * (bench/sample-quality.ts, bench/torch_reference.py).
 * Drawn on the host by `Rng` in float64 and rounded to float32, so equal seeds give bit-identical values on every
 * backend.
 *
 * @param fanIn - Inputs of the layer (rows of its kernel), an integer ≥ 1.
 * @param size - Entries to draw: fan_in·fan_out for a kernel [fanIn, fanOut] (row-major), fan_out for a bias.
 * @param seed - The seed of this draw.
 * @returns `size` float32 values in [−1/√fanIn, 1/√fanIn).
 * @example
 * ```ts
 * const kernel = fanInUniform(3, 3 * 256, deriveSeed(seed, 0, 0)); // [3, 256], row-major
 * const bias = fanInUniform(3, 256, deriveSeed(seed, 3, 0));
 * ```
 * @see K. He et al., "Delving Deep into Rectifiers", ICCV 2015; PyTorch's `torch.nn.Linear.reset_parameters`.
 */
export function fanInUniform(fanIn: number, size: number, seed: number): Float32Array {
  const limit = 1 / Math.sqrt(fanIn);
  const uniforms = new Rng(seed).fillUniform(new Float64Array(size));
  return Float32Array.from(uniforms, (u) => (2 * u - 1) * limit);
}
