import { InvalidArgumentError } from '@gen/core';
import { assertInteger, assertOneOf, assertPositive, requireMemory } from '@gen/core/internal';
import { MLP_ACTIVATIONS, type MlpActivation } from './activations.js';
import { TIME_EMBEDDINGS, type TimeEmbedding } from './time-embedding.js';

/** Options of {@link mlpVectorField}; only `dim` is required. */
export interface MlpVectorFieldOptions {
  /** The data dimension D: the field maps [N, D] to [N, D]. An integer ≥ 1. */
  dim: number;
  /** Hidden layer widths, each an integer ≥ 1 (default [256, 256, 256]); `[]` gives an affine field. */
  hidden?: readonly number[];
  /** Hidden-layer nonlinearity (default `'silu'`). */
  activation?: MlpActivation;
  /** How t enters the first layer (default `'concat'`). */
  timeEmbedding?: TimeEmbedding;
  /** Number K of Fourier frequencies of the `'fourier'` embedding, which adds 2K input columns (default 16). */
  fourierFeatures?: number;
  /** Standard deviation of the Fourier frequencies, in cycles per unit time (default 1). */
  fourierScale?: number;
  /** Divide every kernel by its estimated largest singular value (default false). */
  spectralNorm?: boolean;
  /** Use the hand-written linear-layer backward pass (default true); false selects tfjs's plain autodiff. */
  fastGradients?: boolean;
  /** Seed of the weights, the Fourier frequencies and the power-iteration vectors (default 0). */
  seed?: number;
}

/** The complete, validated settings of an {@link MlpVectorField}: every option with its default filled in. */
export interface MlpVectorFieldConfig {
  /** The data dimension D. */
  readonly dim: number;
  /** Hidden layer widths. */
  readonly hidden: readonly number[];
  /** Hidden-layer nonlinearity. */
  readonly activation: MlpActivation;
  /** How t enters the first layer. */
  readonly timeEmbedding: TimeEmbedding;
  /** Number of Fourier frequencies (used by the `'fourier'` embedding only). */
  readonly fourierFeatures: number;
  /** Standard deviation of the Fourier frequencies (used by the `'fourier'` embedding only). */
  readonly fourierScale: number;
  /** Whether kernels are spectrally normalised. */
  readonly spectralNorm: boolean;
  /** Whether the fast linear-layer backward pass is used. */
  readonly fastGradients: boolean;
  /** The seed the model was initialised from. */
  readonly seed: number;
}

/**
 * Validates options (or a stored config) and fills in the defaults.
 *
 * @param options - The options as received.
 * @param parameter - The name to report in errors, e.g. `"options"`; fields are reported as `"options.dim"`.
 * @returns A frozen config.
 * @throws `InvalidArgumentError` naming the first invalid field: `dim` not an integer ≥ 1, `hidden` not an
 *   array of integers ≥ 1, an unknown `activation` or `timeEmbedding`, `fourierFeatures` not an integer ≥ 1,
 *   `fourierScale` not positive, `spectralNorm` or `fastGradients` not a boolean, `seed` not an integer ≥ 0;
 *   `ResourceLimitError` naming `hidden` when the parameters with their gradients and Adam's two moments (16 bytes
 *   per parameter) would exceed the allocation limit (about 67 million parameters at the default 1 GiB).
 * @example
 * ```ts
 * const config = resolveMlpConfig({ dim: 2 }, 'options'); // hidden [256, 256, 256], 'silu', 'concat', …
 * ```
 */
export function resolveMlpConfig(options: unknown, parameter: string): MlpVectorFieldConfig {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(parameter, 'an object { dim, hidden?, activation?, timeEmbedding?, … }', options);
  }
  const o = options as Record<string, unknown>;
  const field = (name: string) => `${parameter}.${name}`;
  const config = Object.freeze({
    dim: assertInteger(field('dim'), o.dim, 1),
    hidden: assertWidths(field('hidden'), o.hidden ?? [256, 256, 256]),
    activation: assertOneOf(field('activation'), o.activation ?? 'silu', MLP_ACTIVATIONS),
    timeEmbedding: assertOneOf(field('timeEmbedding'), o.timeEmbedding ?? 'concat', TIME_EMBEDDINGS),
    fourierFeatures: assertInteger(field('fourierFeatures'), o.fourierFeatures ?? 16, 1),
    fourierScale: assertPositive(field('fourierScale'), o.fourierScale ?? 1),
    spectralNorm: assertBoolean(field('spectralNorm'), o.spectralNorm ?? false),
    fastGradients: assertBoolean(field('fastGradients'), o.fastGradients ?? true),
    seed: assertInteger(field('seed'), o.seed ?? 0),
  });
  const count = parameterCount(config);
  const what = `model of ${count} parameters (with gradients and Adam moments)`;
  requireMemory(field('hidden'), config.hidden, count * TRAINING_BYTES_PER_PARAMETER, what);
  return config;
}

/** float32 weight, gradient, and Adam's first and second moments: 4 × 4 bytes per parameter while training. */
const TRAINING_BYTES_PER_PARAMETER = 16;

/** The parts of an {@link MlpVectorFieldConfig} that decide its layer shapes. */
export type LayerShapeConfig = Pick<MlpVectorFieldConfig, 'dim' | 'hidden' | 'timeEmbedding' | 'fourierFeatures'>;

/**
 * The widths of a model's layers, input to output: D + (1, or 2K for the Fourier time embedding), the hidden
 * widths, then D.
 *
 * @param config - A validated config.
 * @returns The widths; dense layer l maps widths[l] to widths[l + 1].
 * @example
 * ```ts
 * layerWidths(resolveMlpConfig({ dim: 2, hidden: [64] }, 'options')); // [3, 64, 2]
 * ```
 */
export function layerWidths(config: LayerShapeConfig): number[] {
  const timeWidth = config.timeEmbedding === 'fourier' ? 2 * config.fourierFeatures : 1;
  return [config.dim + timeWidth, ...config.hidden, config.dim];
}

/**
 * The number of trainable parameters (kernels and biases), in float64 so absurd widths count without overflow.
 *
 * @param config - The parts of a config that decide the layer shapes.
 * @returns The count.
 * @example
 * ```ts
 * parameterCount({ dim: 2, hidden: [256, 256, 256], timeEmbedding: 'concat', fourierFeatures: 16 }); // 133122
 * ```
 */
export function parameterCount(config: LayerShapeConfig): number {
  const widths = layerWidths(config);
  let count = 0;
  for (let l = 0; l + 1 < widths.length; l += 1) count += ((widths[l] as number) + 1) * (widths[l + 1] as number);
  return count;
}

function assertWidths(parameter: string, value: unknown): readonly number[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(parameter, 'an array of integers ≥ 1', value);
  return Object.freeze(value.map((width: unknown, i) => assertInteger(`${parameter}[${i}]`, width, 1)));
}

function assertBoolean(parameter: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(parameter, 'true or false', value);
  return value;
}
