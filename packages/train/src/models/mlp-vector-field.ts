import { deriveSeed, GenError } from '@gen/core';
import {
  assertFiniteNumber,
  assertTensor,
  type FusedMlp,
  fusedMlpAvailable,
  fusedMlpDivergence,
  fusedMlpDivergenceAvailable,
  fusedMlpForward,
} from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../types.js';
import { activate } from './activations.js';
import { layerWidths, type MlpVectorFieldConfig, type MlpVectorFieldOptions, resolveMlpConfig } from './config.js';
import { fanInUniform } from './initialisation.js';
import { type DenseParameters, jacobianDivergence } from './jacobian-divergence.js';
import { linear } from './linear-layer.js';
import { checkNamedTensors } from './named-tensors.js';
import { initialSpectralVector, spectralNormalize } from './spectral-norm.js';
import { embedTime, fourierFrequencies } from './time-embedding.js';

/**
 * An MLP vector field u(t, x) = W_L·σ(…σ(W_0·[x, e(t)] + b_0)…) + b_L with trainable weights, a closed-form exact
 * divergence, and a fast training path: what {@link mlpVectorField} and {@link loadMlpVectorField} return.
 *
 * @remarks
 * It is a {@link TrainableField}: call it as `model(t, x)` with a number t (an ODE right-hand side), or
 * `model.forwardTimes(t, x)` with one time per sample (training objectives); `model.variables` are the trainable
 * kernels and biases. Every returned tensor is owned by the caller; inputs are never disposed. `dispose()` frees
 * every variable of the model (calling it again does nothing; using the model afterwards throws).
 *
 * With `spectralNorm`, `forwardTimes` is the training forward pass: each call first runs one power iteration per
 * layer and stores the new vector u (see `spectralNormalize`); calling the model and `divergence` only read
 * u, so the field stays a fixed function during a solve.
 */
export interface MlpVectorField extends TrainableField {
  /**
   * Evaluates u(t, x) at one time for the whole batch.
   *
   * @param t - The time, a finite number.
   * @param x - Points [N, D], float32; not disposed.
   * @returns u(t, x), [N, D], owned by the caller.
   * @throws `InvalidArgumentError` for a non-finite t or a non-float32 x; `ShapeError` when x is not
   *   [N, D].
   */
  (t: number, x: tf.Tensor): tf.Tensor;
  /**
   * The exact divergence ∇·u(t, x) = tr ∂u/∂x per sample, in closed form (forward-mode Jacobian; see
   * `jacobianDivergence`): about D forward passes, no backward pass.
   *
   * @param t - The time, a finite number.
   * @param x - Points [N, D], float32; not disposed.
   * @returns ∇·u, [N], owned by the caller.
   * @throws As calling the model.
   */
  divergence(t: number, x: tf.Tensor): tf.Tensor;
  /**
   * The training forward pass u(tᵢ, xᵢ) with one time per sample (runs one power iteration per layer when
   * spectral normalisation is on).
   *
   * @param t - Times [N], float32; not disposed.
   * @param x - Points [N, D], float32; not disposed.
   * @returns [N, D], owned by the caller.
   * @throws `ShapeError` when x is not [N, D] or t is not [N]; `InvalidArgumentError` for other dtypes.
   */
  forwardTimes(t: tf.Tensor, x: tf.Tensor): tf.Tensor;
  /** The trainable variables: kernel and bias of each layer, in layer order. Owned by the model. */
  readonly variables: readonly tf.Variable[];
  /**
   * Every tensor of the model's state by name, trainable or not: `dense_<l>/kernel` [in, out], `dense_<l>/bias`
   * [out], `dense_<l>/spectral_u` [out] (spectral normalisation only), `time_embedding/frequencies` [K] (Fourier
   * embedding only). Owned by the model; this is what {@link saveMlpVectorField} writes.
   */
  readonly namedVariables: Readonly<Record<string, tf.Variable>>;
  /** The settings the model was built with (defaults filled in). */
  readonly config: MlpVectorFieldConfig;
  /** Frees every variable of the model. */
  dispose(): void;
}

/**
 * Creates a seeded MLP vector field u(t, x): [N, D] → [N, D] for flow matching and diffusion training, with an
 * exact closed-form divergence for likelihoods.
 *
 * @remarks
 * Architecture: the input [x, e(t)] (e: the time embedding, see {@link TimeEmbedding}) goes through dense layers
 * of the `hidden` widths, each followed by the activation (see {@link MlpActivation}), and a final dense layer to
 * D outputs. Kernels and biases are initialised as PyTorch's `nn.Linear`: uniform in ±1/√fan_in
 * (`fanInUniform`). Every random number comes from `seed` through `deriveSeed` (kernel l: `deriveSeed(seed, 0, l)`,
 * power-iteration vector l: `deriveSeed(seed, 1, l)`, Fourier frequencies: `deriveSeed(seed, 2)`, bias l:
 * `deriveSeed(seed, 3, l)`), drawn on the host, so equal seeds give bit-identical weights on every backend.
 *
 * Where the active backend has gen's fused kernels (`wasm` and `cpu` with WebAssembly shared memory, see
 * `fusedMlpForward` in `@gen/core/internal`), the whole forward pass, its gradient and the divergence each run as
 * one fused wasm SIMD kernel, equal to the composite below to float32 rounding; other backends (webgl, cuda) run the
 * composite. The composite linear layers' backward pass is hand-written by default (`fastGradients`, see `linear`); with
 * `spectralNorm` every kernel W is replaced by W / σ̂(W) (`spectralNormalize`), its power-iteration vector
 * initialised by 15 host iterations.
 *
 * @param options - `dim` and optional architecture settings; see {@link MlpVectorFieldOptions}.
 * @returns A new model; the caller owns it and calls `dispose()`.
 * @throws `InvalidArgumentError` naming the offending option (e.g. `"options.hidden[1]"`).
 * @example
 * ```ts
 * const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', seed: 1 });
 * const optimizer = tf.train.adam(1e-3);
 * optimizer.minimize(() => tf.losses.meanSquaredError(target, model.forwardTimes(t, xt)), false, [...model.variables]);
 * const div = model.divergence(0.5, x); // exact ∇·u, [N]
 * model.dispose();
 * ```
 * @see Y. Lipman et al., "Flow Matching for Generative Modeling", ICLR 2023.
 */
export function mlpVectorField(options: MlpVectorFieldOptions): MlpVectorField {
  const config = resolveMlpConfig(options, 'options');
  const values = initialValues(config);
  const weights: Record<string, tf.Tensor> = {};
  for (const [name, shape] of mlpWeightShapes(config))
    weights[name] = tf.tensor(values.get(name) as Float32Array, shape);
  try {
    return restoreMlpVectorField(config, weights, 'weights');
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/**
 * The names and shapes of every tensor of a model's state (see {@link MlpVectorField.namedVariables}), in order:
 * per layer kernel, bias and (with spectral normalisation) u; then the Fourier frequencies when that embedding is
 * used.
 *
 * @param config - A validated config.
 * @returns `[name, shape]` pairs, shapes in gen's layout (kernels [in, out]).
 * @example
 * ```ts
 * mlpWeightShapes(resolveMlpConfig({ dim: 2, hidden: [] }, 'options')); // [['dense_0/kernel', [3, 2]], …]
 * ```
 */
export function mlpWeightShapes(config: MlpVectorFieldConfig): [name: string, shape: number[]][] {
  const widths = layerWidths(config);
  const shapes: [string, number[]][] = [];
  for (let l = 0; l + 1 < widths.length; l += 1) {
    const [fanIn, fanOut] = [widths[l] as number, widths[l + 1] as number];
    shapes.push([`dense_${l}/kernel`, [fanIn, fanOut]], [`dense_${l}/bias`, [fanOut]]);
    if (config.spectralNorm) shapes.push([`dense_${l}/spectral_u`, [fanOut]]);
  }
  if (config.timeEmbedding === 'fourier') shapes.push(['time_embedding/frequencies', [config.fourierFeatures]]);
  return shapes;
}

/**
 * Builds a model from a validated config and the values of its whole state: the inverse of reading
 * {@link MlpVectorField.namedVariables}, used by {@link loadMlpVectorField}.
 *
 * @param config - A validated config.
 * @param weights - A float32 tensor for every name of {@link MlpVectorField.namedVariables} the config implies, with
 *   its shape; not disposed (the model's variables share their data, so the caller may dispose them at once).
 * @param parameter - The name to report in errors for `weights`.
 * @returns A new model owned by the caller.
 * @throws `InvalidArgumentError` when a tensor is missing, extra or not float32; `ShapeError` when one
 *   has the wrong shape.
 * @example
 * ```ts
 * const copy = restoreMlpVectorField(model.config, model.namedVariables, 'weights');
 * ```
 */
export function restoreMlpVectorField(
  config: MlpVectorFieldConfig,
  weights: Readonly<Record<string, tf.Tensor>>,
  parameter: string,
): MlpVectorField {
  const shapes = mlpWeightShapes(config);
  checkNamedTensors(shapes, weights, parameter);
  const namedVariables: Record<string, tf.Variable> = {};
  for (const [name] of shapes) {
    const trainable = name.endsWith('/kernel') || name.endsWith('/bias');
    namedVariables[name] = tf.variable(weights[name] as tf.Tensor, trainable);
  }
  return buildModel(config, Object.freeze(namedVariables));
}

interface Layer {
  kernel: tf.Variable;
  bias: tf.Variable;
  u: tf.Variable | undefined;
}

function buildModel(
  config: MlpVectorFieldConfig,
  namedVariables: Readonly<Record<string, tf.Variable>>,
): MlpVectorField {
  const get = (name: string) => namedVariables[name] as tf.Variable;
  const layers: Layer[] = [];
  for (let l = 0; l <= config.hidden.length; l += 1) {
    layers.push({
      kernel: get(`dense_${l}/kernel`),
      bias: get(`dense_${l}/bias`),
      u: namedVariables[`dense_${l}/spectral_u`],
    });
  }
  const frequencies = namedVariables['time_embedding/frequencies'];
  const variables = Object.freeze(layers.flatMap(({ kernel, bias }) => [kernel, bias]));
  let disposed = false;

  const checkBatch = (x: unknown): number => {
    if (disposed) throw new GenError('This MlpVectorField has been disposed; create or load a new one.');
    return assertTensor('x', x, { dtype: 'float32', shape: [null, config.dim] }).shape[0] as number;
  };
  const effectiveLayers = (update: boolean): DenseParameters[] =>
    layers.map(({ kernel, bias, u }) => ({
      kernel: u === undefined ? kernel : spectralNormalize(kernel, u, update),
      bias,
    }));
  const fused = (update: boolean): FusedMlp => ({
    layers: effectiveLayers(update),
    activation: config.activation,
    frequencies,
  });
  // training: keep the fused forward pass's tape for the backward pass that follows.
  const network = (times: tf.Tensor, x: tf.Tensor, update: boolean, training: boolean): tf.Tensor =>
    tf.tidy(() => {
      if (fusedMlpAvailable()) return fusedMlpForward(fused(update), times, x, training);
      let h = tf.concat([x, embedTime(times, frequencies)], 1);
      const effective = effectiveLayers(update);
      for (const [l, { kernel, bias }] of effective.entries()) {
        h = linear(h, kernel, bias, config.fastGradients);
        if (l + 1 < effective.length) h = activate(config.activation, h);
      }
      return h;
    });

  const field = (t: number, x: tf.Tensor): tf.Tensor => {
    assertFiniteNumber('t', t);
    const n = checkBatch(x);
    return tf.tidy(() => network(tf.fill([n], t), x, false, false));
  };
  const forwardTimes = (t: tf.Tensor, x: tf.Tensor): tf.Tensor => {
    const n = checkBatch(x);
    assertTensor('t', t, { dtype: 'float32', shape: [n] });
    return network(t, x, true, true);
  };
  const divergence = (t: number, x: tf.Tensor): tf.Tensor => {
    assertFiniteNumber('t', t);
    const n = checkBatch(x);
    return tf.tidy(() => {
      if (fusedMlpDivergenceAvailable()) return fusedMlpDivergence(fused(false), tf.fill([n], t), x);
      const input = tf.concat([x, embedTime(tf.fill([n], t), frequencies)], 1);
      const effective = effectiveLayers(false);
      const output = effective.pop() as DenseParameters;
      return jacobianDivergence(input, config.dim, effective, output, config.activation);
    });
  };
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    tf.dispose(Object.values(namedVariables));
  };
  return Object.freeze(Object.assign(field, { config, variables, namedVariables, forwardTimes, divergence, dispose }));
}

/** The seeded initial value of every named tensor, computed on the host (kernels come before their u). */
function initialValues(config: MlpVectorFieldConfig): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  for (const [name, [size = 0, columns = 1]] of mlpWeightShapes(config)) {
    const [scope = '', kind] = name.split('/');
    const l = Number(scope.slice('dense_'.length));
    switch (kind) {
      case 'kernel':
        values.set(name, fanInUniform(size, size * columns, deriveSeed(config.seed, 0, l)));
        break;
      case 'bias': {
        const fanIn = (values.get(`${scope}/kernel`) as Float32Array).length / size;
        values.set(name, fanInUniform(fanIn, size, deriveSeed(config.seed, 3, l)));
        break;
      }
      case 'spectral_u': {
        const kernel = values.get(`${scope}/kernel`) as Float32Array;
        values.set(name, initialSpectralVector(kernel, kernel.length / size, size, deriveSeed(config.seed, 1, l)));
        break;
      }
      default:
        values.set(name, fourierFrequencies(config.fourierFeatures, config.fourierScale, deriveSeed(config.seed, 2)));
    }
  }
  return values;
}
