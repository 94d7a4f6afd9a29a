import { GEN_LINEAR_COMBINATION } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';

/** The tfjs backend name this file's kernel is registered for. */
const BACKEND = 'webgl';

/** The declaration of the `uniform float coefficients[k]` array, in tfjs's `customUniforms` format. */
export interface CoefficientUniform {
  /** The GLSL name, `coefficients`. */
  name: string;
  /** The array length k. */
  arrayIndex: number;
  /** The GLSL element type. */
  type: 'float';
}

/**
 * The fragment-shader program of the fused linear combination: `base + Σᵢ coefficients[i]·termᵢ` over flat
 * (rank-1) inputs, one texel per element.
 *
 * @remarks
 * Implements tfjs-backend-webgl's `GPGPUProgram` interface (like its `AddNProgram`). The shader source depends
 * only on the number of terms k; tfjs caches compiled programs by source and input shapes, so it compiles one per k
 * and tensor size; the coefficients travel as a `uniform float coefficients[k]` array, so new step sizes never
 * recompile. Accumulation is in shader `float`
 * (highp where the GPU has it; half precision on devices whose float precision is 16 bits).
 */
export class LinearCombinationProgram implements tf.GPGPUProgram {
  /** Sampler names: `base`, then `term0 … term{k−1}` (tfjs generates `get<name>AtOutCoords()` for each). */
  readonly variableNames: string[];
  /** The flat output shape `[size]`. */
  readonly outputShape: number[];
  /** The GLSL body. */
  readonly userCode: string;
  /** One uniform: the k coefficients. */
  readonly customUniforms: CoefficientUniform[];

  /**
   * Builds the program for one element count and term count.
   *
   * @param size - Number of elements of every input (the flattened shape).
   * @param termCount - Number of terms k ≥ 1.
   */
  constructor(size: number, termCount: number) {
    this.outputShape = [size];
    this.variableNames = ['base', ...Array.from({ length: termCount }, (_, i) => `term${i}`)];
    // A uniform array of length 1 is declared `coefficients[1]` only when arrayIndex is truthy; always an array.
    this.customUniforms = [{ name: 'coefficients', arrayIndex: termCount, type: 'float' }];
    const lines = Array.from(
      { length: termCount },
      (_, i) => `        result += coefficients[${i}] * getTerm${i}AtOutCoords();`,
    );
    this.userCode = `
      void main() {
        float result = getBaseAtOutCoords();
${lines.join('\n')}
        setOutput(result);
      }
    `;
  }
}

/** The parts of tfjs-backend-webgl's `MathBackendWebGL` the kernel uses. */
interface WebglBackendLike {
  runWebGLProgram(
    program: tf.GPGPUProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    customUniformValues?: number[][],
  ): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/** Reshapes with the webgl backend's own `Reshape` kernel (free for unpacked textures, a repack otherwise). */
function reshape(backend: unknown, x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  const kernel = tf.getKernel(tf.Reshape, BACKEND);
  if (kernel === undefined) throw new Error('The webgl backend has no Reshape kernel registered.');
  return kernel.kernelFunc({
    inputs: { x } as unknown as tf.NamedTensorInfoMap,
    attrs: { shape } as unknown as tf.NamedAttrMap,
    backend: backend as tf.KernelBackend,
  }) as tf.TensorInfo;
}

/**
 * The webgl implementation of `GenLinearCombination` (see `@gen/core`'s `linearCombination`): one fragment-shader
 * pass computing `base + Σᵢ cᵢ·termᵢ`, instead of k multiplications and an `addN`.
 *
 * @remarks
 * Inputs `base`, `term0 … term{k−1}` of one shape (any rank; flattened to rank 1 for the shader and reshaped
 * back); attribute `coefficients: number[]` of length k. Inputs are cast to float32 by the shader's sampling.
 *
 * @example
 * ```ts
 * tf.registerKernel(genLinearCombinationConfig);
 * ```
 */
export const genLinearCombinationConfig: tf.KernelConfig = {
  kernelName: GEN_LINEAR_COMBINATION,
  backendName: BACKEND,
  kernelFunc: ({ inputs, attrs, backend }) => {
    const webgl = backend as unknown as WebglBackendLike;
    const coefficients = (attrs as unknown as { coefficients: number[] }).coefficients;
    const base = inputs.base as tf.TensorInfo;
    const size = tf.util.sizeFromShape(base.shape);
    const flat = [base, ...coefficients.map((_, i) => inputs[`term${i}`] as tf.TensorInfo)].map((x) =>
      reshape(backend, x, [size]),
    );
    const program = new LinearCombinationProgram(size, coefficients.length);
    const out = webgl.runWebGLProgram(program, flat, 'float32', [Array.from(coefficients)]);
    for (const x of flat) webgl.disposeIntermediateTensorInfo(x);
    const result = reshape(backend, out, [...base.shape]);
    webgl.disposeIntermediateTensorInfo(out);
    return result;
  },
};
