import { deriveSeed, GenError, InvalidArgumentError } from '@gen/core';
import { assertFiniteNumber, assertTensor } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../../types.js';
import { fanInUniform } from '../initialisation.js';
import { checkNamedTensors } from '../named-tensors.js';
import { resolveUnetConfig, type UnetVectorFieldConfig, type UnetVectorFieldOptions } from './config.js';
import { unetForward } from './network.js';
import { type UnetWeight, unetWeights } from './weight-layout.js';

/**
 * A U-Net vector field u(t, x) on images [N, H, W, C]: what {@link unetVectorField} and `loadModel` return.
 *
 * @remarks
 * It is a {@link TrainableField}: call it as `model(t, x)` with a number t (an ODE right-hand side), or
 * `model.forwardTimes(t, x, labels)` with one time (and, for a class-conditional model, one label) per sample.
 * Every returned tensor is owned by the caller; inputs are never disposed. `dispose()` frees every variable (calling
 * it again does nothing; using the model afterwards throws a `GenError`).
 */
export interface UnetVectorField extends TrainableField {
  /**
   * Evaluates u(t, x) at one time for the whole batch; a class-conditional model evaluates it unconditionally
   * (label K, "no class").
   *
   * @param t - The time, a finite number.
   * @param x - Images [N, H, W, C] of the config's `imageShape`, float32; not disposed.
   * @returns u(t, x), [N, H, W, C], owned by the caller.
   * @throws `InvalidArgumentError` naming `t` for a non-finite t or `x` for a non-float32 x; `ShapeError` naming `x`
   *   when it is not [N, H, W, C].
   */
  (t: number, x: tf.Tensor): tf.Tensor;
  /**
   * The training forward pass u(tᵢ, xᵢ | labelᵢ) with one time per sample; dropout (when the config has it) is
   * active here only, with fresh seeded masks on every call.
   *
   * @param t - Times [N], float32; not disposed.
   * @param x - Images [N, H, W, C], float32; not disposed.
   * @param labels - Class labels, int32 [N] with values 0 … K (K: no class), for a class-conditional model only;
   *   omitted, every sample gets label K. Not disposed.
   * @returns [N, H, W, C], owned by the caller.
   * @throws `ShapeError` naming `x`, `t` or `labels` for a wrong shape; `InvalidArgumentError` naming `labels` for
   *   a wrong dtype, a value outside 0 … K, or any labels given to an unconditional model; naming `t` or `x` for a
   *   wrong dtype.
   */
  forwardTimes(t: tf.Tensor, x: tf.Tensor, labels?: tf.Tensor): tf.Tensor;
  /** The number of classes K of a class-conditional model; undefined for an unconditional one. */
  readonly classes?: number;
  /** The trainable variables in the order of `unetWeights` (all of them are trainable). Owned by the model. */
  readonly variables: readonly tf.Variable[];
  /**
   * Every tensor of the model by gen name (`input_conv/kernel` [3, 3, C, baseChannels], …; see `unetWeights` and
   * `unetStateDictSlots` for the list and the PyTorch names). Owned by the model; what `saveModel` writes.
   */
  readonly namedVariables: Readonly<Record<string, tf.Variable>>;
  /** The settings the model was built with (defaults filled in). */
  readonly config: UnetVectorFieldConfig;
  /** Frees every variable of the model. */
  dispose(): void;
}

/**
 * Creates a seeded U-Net vector field u(t, x): [N, H, W, C] → [N, H, W, C] for flow matching and diffusion on
 * images, optionally class-conditional (with a learned "no class" label for classifier-free guidance).
 *
 * @remarks
 * The architecture (the PyTorch twin `UNetVectorField` in `python/gen_torch.py` computes the same function), with
 * L levels, ch_i = baseChannels·channelMultipliers[i] and E = 4·baseChannels:
 *
 * - **Embedding.** t ∈ [0, 1] → sinusoidal features of 1000·t with baseChannels entries
 *   ([cos(1000 t·f), sin(1000 t·f)], f_i = exp(−ln(10000)·i/half), half = baseChannels/2, cosines first) →
 *   Linear(baseChannels → E) → SiLU → Linear(E → E) (`time_embed.0`, `time_embed.2`). A class-conditional model
 *   adds row `label` of a (K + 1)×E table (`class_embed`; row K = no class).
 * - **Input.** A 3×3 conv C → baseChannels (`input_conv`). Every 3×3 conv pads 1 on each side explicitly
 *   (PyTorch's `padding=1`; see `paddedConv2d`); a stride-2 one maps a side s to ⌈s/2⌉.
 * - **Down.** For level i = 0 … L−1 (`down.{i}`): `resBlocks` ResBlocks to ch_i (`res.{j}`), each followed by
 *   attention (`attn.{j}`) when the level's feature-map height is in `attentionResolutions`; after every level but
 *   the last, a 3×3 stride-2 conv keeping the channels (`downsample`). Skips pushed: the input conv's output, the
 *   output of each res block (after its attention), each downsample's output — L·(resBlocks + 1) in all.
 * - **Middle.** ResBlock, Attention, ResBlock at ch_{L−1} (`middle.res1`, `middle.attn`, `middle.res2`); the middle
 *   attention is always there.
 * - **Up.** For level i = L−1 down to 0 (`up.{i}`, indexed by the level, not by the order it runs in):
 *   resBlocks + 1 ResBlocks to ch_i (`res.{j}`), each fed concat(h, skips.pop()) on channels (h first), each
 *   followed by attention (`attn.{j}`) when the level's height is listed; after every level but the first,
 *   nearest-neighbour ×2 upsampling then a 3×3 conv keeping the channels (`upsample`). When a skip is smaller than
 *   h (odd sizes: 7 → 4 → 8), h is cropped to its top-left window of the skip's size before the concat.
 * - **Output.** GroupNorm, SiLU, 3×3 conv from the first level's channels (baseChannels · channelMultipliers[0]) to C (`out_norm`, `out_conv`).
 * - **ResBlock(in → out)** (see `resBlock`): h = conv3×3(SiLU(GN(x))) (`norm1`, `conv1`); h += Linear(E → out)(SiLU(
 *   emb)) over H, W (`emb`); h = conv3×3(dropout(SiLU(GN(h)))) (`norm2`, `conv2`); returns
 *   (in = out ? x : conv1×1(x)) + h (`skip`).
 * - **Attention(ch, heads)** (see `selfAttention`): GN; q, k, v from one Linear ch → 3ch, split in that order;
 *   head j takes channels j·d … (j+1)·d − 1 (d = ch/heads) of each; softmax(q·kᵀ/√d) over the H·W positions;
 *   x + Linear(ch → ch)(heads concatenated) (`norm`, `qkv`, `proj`).
 * - **GroupNorm**: `groups` groups, ε = 1e-5, γ = 1 and β = 0 at initialisation (see `groupNorm`).
 *
 * Initialisation as PyTorch's defaults through the seeded `fanInUniform`: conv and dense kernels and their biases
 * U(±1/√fan_in) with fan_in = in·kh·kw; the class table U(±1). No layer is zero-initialised. The k-th weight of
 * `unetWeights` is drawn from `deriveSeed(seed, 0, k)` on the host, so equal seeds give bit-identical weights on
 * every backend. The dropout masks of the c-th `forwardTimes` call come from `deriveSeed(seed, 1, c)`.
 *
 * Sizes (see {@link UnetVectorFieldOptions}, which gives the measured training speeds): the default has 67 673
 * parameters for 28×28×1 and trains on a CPU backend in minutes; the larger MNIST model `{ baseChannels: 32,
 * channelMultipliers: [1, 2, 2], attentionResolutions: [7], groups: 8 }` has 1 112 801; score_sde's CIFAR-10
 * scale for 32×32×3 on a GPU is `{ baseChannels: 128, channelMultipliers: [1, 2, 2, 2], resBlocks: 2,
 * attentionResolutions: [16], attentionHeads: 4, dropout: 0.1, groups: 32 }` (35.7 M).
 *
 * @param options - `imageShape` and optional architecture settings; see {@link UnetVectorFieldOptions}.
 * @returns A new model; the caller owns it and calls `dispose()`.
 * @throws `InvalidArgumentError` naming the offending option (e.g. `"options.groups"`).
 * @example
 * ```ts
 * const model = unetVectorField({ imageShape: [28, 28, 1], classes: 10, seed: 1 });
 * const u = model.forwardTimes(tf.fill([2], 0.5), tf.zeros([2, 28, 28, 1]), tf.tensor1d([3, 10], 'int32'));
 * model.dispose();
 * ```
 * @see O. Ronneberger et al., "U-Net", MICCAI 2015; J. Ho et al., "Denoising Diffusion Probabilistic Models",
 *   NeurIPS 2020; P. Dhariwal and A. Nichol, "Diffusion Models Beat GANs on Image Synthesis", NeurIPS 2021.
 */
export function unetVectorField(options: UnetVectorFieldOptions): UnetVectorField {
  const config = resolveUnetConfig(options, 'options');
  const weights: Record<string, tf.Tensor> = {};
  try {
    for (const [k, weight] of unetWeights(config).entries()) {
      weights[weight.name] = tf.tensor(initialValue(weight, deriveSeed(config.seed, 0, k)), [...weight.shape]);
    }
    return restoreUnetVectorField(config, weights, 'weights');
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/**
 * Builds a U-Net from a validated config and the values of all its weights: the inverse of reading
 * {@link UnetVectorField.namedVariables}.
 *
 * @param config - A validated config.
 * @param weights - A float32 tensor for every name of `unetWeights(config)`, with its shape; not disposed (the
 *   model's variables copy them, so the caller may dispose them at once).
 * @param parameter - The name to report in errors for `weights`.
 * @returns A new model owned by the caller.
 * @throws `InvalidArgumentError` when a tensor is missing, extra or not float32; `ShapeError` when one has the wrong
 *   shape; each naming `parameter["<name>"]`.
 * @example
 * ```ts
 * const copy = restoreUnetVectorField(model.config, model.namedVariables, 'weights');
 * ```
 */
export function restoreUnetVectorField(
  config: UnetVectorFieldConfig,
  weights: Readonly<Record<string, tf.Tensor>>,
  parameter: string,
): UnetVectorField {
  const layout = unetWeights(config);
  checkNamedTensors(
    layout.map(({ name, shape }) => [name, shape] as const),
    weights,
    parameter,
  );
  const namedVariables: Record<string, tf.Variable> = {};
  for (const { name } of layout) namedVariables[name] = tf.variable(weights[name] as tf.Tensor, true);
  return buildModel(config, Object.freeze(namedVariables));
}

function buildModel(
  config: UnetVectorFieldConfig,
  namedVariables: Readonly<Record<string, tf.Variable>>,
): UnetVectorField {
  const variables = Object.freeze(Object.values(namedVariables));
  const weight = (name: string): tf.Tensor | undefined => namedVariables[name];
  const [height, width, channels] = config.imageShape;
  const { classes } = config;
  let disposed = false;
  let calls = 0;

  const checkImages = (x: unknown): number => {
    if (disposed) throw new GenError('This UnetVectorField has been disposed; create or load a new one.');
    return assertTensor('x', x, { dtype: 'float32', shape: [null, height, width, channels] }).shape[0] as number;
  };
  /** The labels to feed: K for every sample when absent; undefined for an unconditional model. */
  const checkLabels = (labels: unknown, n: number): tf.Tensor | undefined => {
    if (classes === undefined) {
      if (labels === undefined) return undefined;
      throw new InvalidArgumentError(
        'labels',
        'no labels: this model is unconditional (create it with classes: K to use labels)',
        labels,
      );
    }
    if (labels === undefined) return tf.fill([n], classes, 'int32');
    const checked = assertTensor('labels', labels, { dtype: 'int32', shape: [n] });
    const values = checked.dataSync();
    const bad = values.findIndex((v) => v < 0 || v > classes);
    if (bad >= 0) {
      throw new InvalidArgumentError(
        `labels[${bad}]`,
        `a class in 0 … ${classes} (${classes} = no class)`,
        values[bad],
      );
    }
    return tf.clone(checked);
  };

  const field = (t: number, x: tf.Tensor): tf.Tensor => {
    assertFiniteNumber('t', t);
    const n = checkImages(x);
    return tf.tidy(() => unetForward(config, weight, tf.fill([n], t), x, checkLabels(undefined, n), undefined));
  };
  const forwardTimes = (t: tf.Tensor, x: tf.Tensor, labels?: tf.Tensor): tf.Tensor => {
    const n = checkImages(x);
    assertTensor('t', t, { dtype: 'float32', shape: [n] });
    const dropoutSeed = config.dropout > 0 ? deriveSeed(config.seed, 1, calls) : undefined;
    return tf.tidy(() => {
      const result = unetForward(config, weight, t, x, checkLabels(labels, n), dropoutSeed);
      calls += 1;
      return result;
    });
  };
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    tf.dispose(Object.values(namedVariables));
  };
  const members = { config, variables, namedVariables, forwardTimes, dispose };
  return Object.freeze(Object.assign(field, classes === undefined ? members : { ...members, classes }));
}

/** The seeded initial value of one weight (see `UnetWeightRole`). */
function initialValue(weight: UnetWeight, seed: number): Float32Array {
  const size = weight.shape.reduce((n, d) => n * d, 1);
  switch (weight.role) {
    case 'norm-weight':
      return new Float32Array(size).fill(1);
    case 'norm-bias':
      return new Float32Array(size);
    default:
      return fanInUniform(weight.fanIn, size, seed);
  }
}
