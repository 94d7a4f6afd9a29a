import { deriveSeed, InvalidArgumentError, type Seed } from '@gen/core';
import { assertInteger, assertTensor } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { decodeFloat32 } from '../io/safetensors/dtypes.js';
import { readSafetensors, tensorLabel } from '../io/safetensors/read.js';
import { writeSafetensors } from '../io/safetensors/write.js';
import { fanInUniform } from '../models/initialisation.js';
import { linear } from '../models/linear-layer.js';
import { MNIST_CLASSIFIER_WEIGHTS_BASE64 } from './mnist-classifier-weights.js';

/** The width of the classifier's penultimate layer: the features {@link MnistClassifier.features} returns. */
export const MNIST_FEATURES = 64;

/** The classes the classifier tells apart: the digits 0–9. */
export const MNIST_CLASSES = 10;

/** Side of the padded image the classifier sees (28 + 2 on each side). */
const PADDED = 32;

/** The layers in order: name, kernel shape in gen's layout ([kh, kw, in, out] for convolutions, [in, out] dense). */
const LAYERS: readonly { readonly name: string; readonly kernel: readonly number[] }[] = [
  { name: 'conv1', kernel: [4, 4, 1, 32] },
  { name: 'conv2', kernel: [2, 2, 32, 32] },
  { name: 'conv3', kernel: [2, 2, 32, 64] },
  { name: 'dense', kernel: [256, MNIST_FEATURES] },
  { name: 'out', kernel: [MNIST_FEATURES, MNIST_CLASSES] },
];

/**
 * Where each input of the first convolution comes from: index 1024 entries into [pixels…, −1], ordered so that every
 * convolution below is a reshape and one matrix product. Entry k = (a, b, i₂, j₂, i₁, j₁, i₀, j₀) in mixed radix
 * (2, 2, 2, 2, 2, 2, 4, 4) reads padded row 16a + 8i₂ + 4i₁ + i₀, column 16b + 8j₂ + 4j₁ + j₀.
 */
const GATHER_INDEX: Int32Array = (() => {
  const index = new Int32Array(PADDED * PADDED);
  let k = 0;
  for (let a = 0; a < 2; a += 1)
    for (let b = 0; b < 2; b += 1)
      for (let i2 = 0; i2 < 2; i2 += 1)
        for (let j2 = 0; j2 < 2; j2 += 1)
          for (let i1 = 0; i1 < 2; i1 += 1)
            for (let j1 = 0; j1 < 2; j1 += 1)
              for (let i0 = 0; i0 < 4; i0 += 1)
                for (let j0 = 0; j0 < 4; j0 += 1) {
                  const row = 16 * a + 8 * i2 + 4 * i1 + i0 - 2;
                  const column = 16 * b + 8 * j2 + 4 * j1 + j0 - 2;
                  const inside = row >= 0 && row < 28 && column >= 0 && column < 28;
                  index[k] = inside ? row * 28 + column : 28 * 28;
                  k += 1;
                }
  return index;
})();

/** What {@link MnistClassifier.logitsAndFeatures} returns; the caller owns both tensors. */
export interface ClassifierOutputs {
  /** The class logits [N, 10]. */
  logits: tf.Tensor;
  /** The penultimate features [N, 64]. */
  features: tf.Tensor;
}

/** One layer's parameters. */
interface Layer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/**
 * A small convolutional classifier of 28×28×1 digits in [−1, 1]: the feature extractor of gen's sample-quality
 * scores (classifier accuracy on class-conditional samples, Fréchet distance of its penultimate features).
 *
 * @remarks
 * Architecture (30 026 parameters, 117 KiB of float32): the image is clipped to [−1, 1] and padded with −1
 * (background) to 32×32, then
 * conv 4×4 stride 4 (1 → 32) → ReLU → conv 2×2 stride 2 (32 → 32) → ReLU → conv 2×2 stride 2 (32 → 64) → ReLU →
 * flatten (2·2·64 = 256, NHWC order) → dense 256 → 64 → ReLU (the {@link MNIST_FEATURES} penultimate features) →
 * dense 64 → 10 (logits). The convolutions do not overlap, so each is a reshape and one matrix product (after one
 * fixed gather of the input pixels): fast to train and evaluate on every backend, without conv kernels.
 *
 * Weights are stored in safetensors as `conv1.weight` [4, 4, 1, 32], `conv2.weight` [2, 2, 32, 32],
 * `conv3.weight` [2, 2, 32, 64] (gen's [kh, kw, in, out]), `dense.weight` [256, 64], `out.weight` [64, 10]
 * ([in, out]) and each layer's `.bias`. Initialisation is PyTorch's default (`fanInUniform`, layer i's kernel and
 * bias from `deriveSeed(seed, i, 0)` and `deriveSeed(seed, i, 1)`). The shipped, trained weights are loaded by
 * `mnistClassifier()`; `scripts/train-mnist-classifier.ts` retrains them.
 *
 * The instance owns its variables: call {@link MnistClassifier.dispose} when done.
 *
 * @example
 * ```ts
 * const classifier = mnistClassifier();
 * const predicted = classifier.predict(images); // int32 [N]
 * predicted.dispose();
 * classifier.dispose();
 * ```
 */
export class MnistClassifier {
  /** The trainable parameters, kernel then bias of each layer in order. */
  readonly variables: readonly tf.Variable[];
  private readonly layers: readonly Layer[];

  private constructor(values: readonly Float32Array[]) {
    // tidy frees the tensors each variable is made from (tidy never disposes variables themselves).
    this.layers = tf.tidy(() =>
      LAYERS.map(({ kernel }, i) => ({
        kernel: tf.variable(tf.tensor(values[2 * i] as Float32Array, [...kernel]), true),
        bias: tf.variable(tf.tensor1d(values[2 * i + 1] as Float32Array), true),
      })),
    );
    this.variables = this.layers.flatMap(({ kernel, bias }) => [kernel, bias]);
  }

  /**
   * A freshly initialised (untrained) classifier.
   *
   * @param seed - The initialisation seed (a non-negative safe integer).
   * @returns The classifier; the caller owns it.
   * @throws `InvalidArgumentError` naming `seed`.
   * @example
   * ```ts
   * const untrained = MnistClassifier.initialise(0);
   * ```
   */
  static initialise(seed: Seed): MnistClassifier {
    assertInteger('seed', seed);
    const values = LAYERS.flatMap(({ kernel }, i) => {
      const fanIn = kernel.slice(0, -1).reduce((p, d) => p * d, 1);
      const out = kernel[kernel.length - 1] as number;
      return [
        fanInUniform(fanIn, fanIn * out, deriveSeed(seed, i, 0)),
        fanInUniform(fanIn, out, deriveSeed(seed, i, 1)),
      ];
    });
    return new MnistClassifier(values);
  }

  /**
   * Reads a classifier from safetensors bytes written by {@link MnistClassifier.toSafetensors}.
   *
   * @param bytes - The file's bytes; not modified.
   * @returns The classifier; the caller owns it.
   * @throws `InvalidArgumentError` naming `bytes` for a malformed file, a missing tensor or a wrong shape.
   * @example
   * ```ts
   * const copy = MnistClassifier.fromSafetensors(classifier.toSafetensors());
   * ```
   */
  static fromSafetensors(bytes: Uint8Array): MnistClassifier {
    const { tensors } = readSafetensors(bytes, 'bytes');
    const values = LAYERS.flatMap(({ name, kernel }) =>
      [
        [`${name}.weight`, kernel],
        [`${name}.bias`, kernel.slice(-1)],
      ].map(([key, shape]) => {
        const entry = tensors.get(key as string);
        const expected = shape as readonly number[];
        if (entry === undefined || entry.shape.join() !== expected.join()) {
          throw new InvalidArgumentError(
            tensorLabel('bytes', key as string),
            `a tensor of shape [${expected.join(', ')}]`,
            entry === undefined ? 'no such tensor' : [...entry.shape],
          );
        }
        return decodeFloat32(entry.dtype, entry.bytes, tensorLabel('bytes', key as string));
      }),
    );
    return new MnistClassifier(values);
  }

  /**
   * Serialises the weights to safetensors bytes (float32; `fromSafetensors` reads them back bit for bit).
   *
   * @param metadata - String metadata to store (e.g. how the weights were trained).
   * @returns The file's bytes, owned by the caller.
   * @example
   * ```ts
   * const bytes = classifier.toSafetensors({ note: 'retrained' });
   * ```
   */
  toSafetensors(metadata: Readonly<Record<string, string>> = {}): Uint8Array<ArrayBuffer> {
    const entries = LAYERS.flatMap(({ name }, i) => {
      const { kernel, bias } = this.layers[i] as Layer;
      return [
        { name: `${name}.weight`, shape: kernel.shape, values: kernel.dataSync() as Float32Array },
        { name: `${name}.bias`, shape: bias.shape, values: bias.dataSync() as Float32Array },
      ];
    });
    return writeSafetensors(entries, { format: 'gen-mnist-classifier', ...metadata });
  }

  /**
   * The penultimate features (after the last ReLU before the output layer).
   *
   * @param x - Images [N, 28, 28, 1] in [−1, 1] (clipped to it), float32; not disposed.
   * @returns Features [N, {@link MNIST_FEATURES}], owned by the caller.
   * @throws `ShapeError` / `InvalidArgumentError` naming `x` when it is not a float32 [N, 28, 28, 1] tensor.
   */
  features(x: tf.Tensor): tf.Tensor {
    assertTensor('x', x, { shape: [null, 28, 28, 1], dtype: 'float32' });
    return tf.tidy(() => this.featuresOf(x));
  }

  /**
   * The class logits.
   *
   * @param x - Images [N, 28, 28, 1] in [−1, 1] (clipped to it), float32; not disposed.
   * @returns Logits [N, 10], owned by the caller.
   * @throws `ShapeError` / `InvalidArgumentError` naming `x` when it is not a float32 [N, 28, 28, 1] tensor.
   */
  logits(x: tf.Tensor): tf.Tensor {
    assertTensor('x', x, { shape: [null, 28, 28, 1], dtype: 'float32' });
    return tf.tidy(() => this.logitsOf(this.featuresOf(x)));
  }

  /**
   * Logits and penultimate features in one pass.
   *
   * @param x - Images [N, 28, 28, 1] in [−1, 1] (clipped to it), float32; not disposed.
   * @returns `logits` [N, 10] and `features` [N, 64], both owned by the caller.
   * @throws `ShapeError` / `InvalidArgumentError` naming `x` when it is not a float32 [N, 28, 28, 1] tensor.
   */
  logitsAndFeatures(x: tf.Tensor): ClassifierOutputs {
    assertTensor('x', x, { shape: [null, 28, 28, 1], dtype: 'float32' });
    return tf.tidy(() => {
      const features = this.featuresOf(x);
      return { logits: this.logitsOf(features), features };
    });
  }

  /**
   * The most likely digit of each image.
   *
   * @param x - Images [N, 28, 28, 1] in [−1, 1] (clipped to it), float32; not disposed.
   * @returns Labels int32 [N], owned by the caller.
   * @throws `ShapeError` / `InvalidArgumentError` naming `x` when it is not a float32 [N, 28, 28, 1] tensor.
   */
  predict(x: tf.Tensor): tf.Tensor {
    assertTensor('x', x, { shape: [null, 28, 28, 1], dtype: 'float32' });
    return tf.tidy(() => tf.argMax(this.logitsOf(this.featuresOf(x)), 1));
  }

  /** Frees the variables. */
  dispose(): void {
    tf.dispose([...this.variables]);
  }

  private featuresOf(x: tf.Tensor): tf.Tensor {
    const n = x.shape[0] as number;
    const [conv1, conv2, conv3, dense] = this.layers as [Layer, Layer, Layer, Layer];
    const flat = tf.concat([tf.reshape(tf.clipByValue(x, -1, 1), [n, 28 * 28]), tf.fill([n, 1], -1)], 1);
    const patches = tf.reshape(tf.gather(flat, tf.tensor1d(GATHER_INDEX, 'int32'), 1), [n * 64, 16]);
    const h1 = tf.relu(linear(patches, tf.reshape(conv1.kernel, [16, 32]), conv1.bias, true));
    const h2 = tf.relu(linear(tf.reshape(h1, [n * 16, 128]), tf.reshape(conv2.kernel, [128, 32]), conv2.bias, true));
    const h3 = tf.relu(linear(tf.reshape(h2, [n * 4, 128]), tf.reshape(conv3.kernel, [128, 64]), conv3.bias, true));
    return tf.relu(linear(tf.reshape(h3, [n, 256]), dense.kernel, dense.bias, true));
  }

  private logitsOf(features: tf.Tensor): tf.Tensor {
    const out = this.layers[4] as Layer;
    return linear(features, out.kernel, out.bias, true);
  }
}

/**
 * The MNIST classifier gen ships: a {@link MnistClassifier} with trained weights, the feature extractor of the
 * image sample-quality scores (`evaluateImages`).
 *
 * @remarks
 * Trained with gen itself by `scripts/train-mnist-classifier.ts` (seed 0, 3 000 Adam steps of 64 images from the
 * mnist "train" split, cosine learning rate from 2e-3, 186 s on the wasm backend of a shared 2-core machine); its
 * accuracy on the 1 000 held-out images of the "test" split is 97.1 %. The weights (121 048 bytes of safetensors) are
 * compiled into the package as a base64 string module, so bundlers include them and browsers need no file access;
 * a bundle that never calls this function drops them. Each call decodes them into new variables.
 *
 * @returns A new classifier; the caller owns it (call `dispose`).
 * @example
 * ```ts
 * const classifier = mnistClassifier();
 * const { logits, features } = classifier.logitsAndFeatures(images); // [N, 10], [N, 64]
 * tf.dispose([logits, features]);
 * classifier.dispose();
 * ```
 */
export function mnistClassifier(): MnistClassifier {
  const text = atob(MNIST_CLASSIFIER_WEIGHTS_BASE64);
  return MnistClassifier.fromSafetensors(Uint8Array.from(text, (ch) => ch.charCodeAt(0)));
}
