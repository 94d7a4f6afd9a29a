import { InvalidArgumentError } from '@gen/core';
import { assertInteger, assertNonNegative, requireMemory } from '@gen/core/internal';
import { attentionChannels, levelChannels } from './levels.js';
import { unetParameterCount } from './weight-layout.js';

/**
 * Options of {@link unetVectorField}; only `imageShape` is required.
 *
 * @remarks
 * The defaults ({@link UNET_DEFAULTS}: base 8, multipliers [1, 2, 2], one res block per level, attention only in
 * the middle block at the lowest resolution (7×7 for 28×28), one head, 4 groups) are a small MNIST model of 67 673
 * parameters (68 025 with 10 classes) that trains on two CPU cores in minutes: on the wasm backend an update at
 * batch 64 took about 0.7 s on one core of a shared 2-core machine (1.0 s of CPU time under a load of 14), and
 * class-conditional training (conditional flow matching, lr 1e-3, label dropout 0.1) reached, after 200 updates
 * (about 2½ minutes), samples the shipped MNIST classifier recognised 38% of the time (81% with guidance w = 2;
 * chance 10%). The larger MNIST model, the default before this one, is `{ baseChannels: 32, channelMultipliers:
 * [1, 2, 2], attentionResolutions: [7], groups: 8 }` (1 112 801 parameters, about 8 s per update at batch 64 on
 * wasm on the same machine: for a GPU backend or patient training). A model in the spirit of score_sde's CIFAR-10
 * U-Net, for 32×32×3 images on a GPU backend, is `{ imageShape: [32, 32, 3], baseChannels: 128,
 * channelMultipliers: [1, 2, 2, 2], resBlocks: 2, attentionResolutions: [16], attentionHeads: 4, dropout: 0.1,
 * groups: 32 }` (35 746 307 parameters, the size of DDPM's CIFAR-10 model).
 */
export interface UnetVectorFieldOptions {
  /** The shape [H, W, C] of one image: the field maps [N, H, W, C] to [N, H, W, C]. Integers ≥ 1. */
  imageShape: readonly [number, number, number] | readonly number[];
  /** Channels of the first level, an even integer ≥ 2 (default 8); the time embedding is 4× as wide. */
  baseChannels?: number;
  /** Channel multiplier of each resolution level, integers ≥ 1 (default [1, 2, 2]); one level per entry. */
  channelMultipliers?: readonly number[];
  /** Residual blocks per level on the way down (the way up has one more), an integer ≥ 1 (default 1). */
  resBlocks?: number;
  /**
   * Feature-map heights whose res blocks are followed by self-attention, integers ≥ 1 (default none: only the
   * middle block, at the lowest resolution, attends).
   */
  attentionResolutions?: readonly number[];
  /** Attention heads, an integer ≥ 1 dividing the channels of every attention layer (default 1). */
  attentionHeads?: number;
  /** Dropout probability inside res blocks during training (`forwardTimes`), in [0, 1) (default 0). */
  dropout?: number;
  /** GroupNorm groups, an integer ≥ 1 dividing `baseChannels` and every level's channels (default 4). */
  groups?: number;
  /** Number K of classes for a class-conditional model (labels 0..K−1, and K for "no class"); omit for none. */
  classes?: number;
  /** Seed of the weights and of the dropout masks (default 0). */
  seed?: number;
}

/**
 * The default of every optional {@link UnetVectorFieldOptions} field: the one place the defaults are written
 * (`unetVectorField`, the `gen` command's help and the PyTorch twin's keyword defaults all follow it).
 *
 * @example
 * ```ts
 * const base = UNET_DEFAULTS.baseChannels; // 8
 * ```
 */
export const UNET_DEFAULTS = Object.freeze({
  baseChannels: 8,
  channelMultipliers: Object.freeze([1, 2, 2]) as readonly number[],
  resBlocks: 1,
  attentionResolutions: Object.freeze([]) as readonly number[],
  attentionHeads: 1,
  dropout: 0,
  groups: 4,
  seed: 0,
});

/** The complete, validated settings of a {@link UnetVectorField}: every option with its default filled in. */
export interface UnetVectorFieldConfig {
  /** The shape [H, W, C] of one image. */
  readonly imageShape: readonly [number, number, number];
  /** Channels of the first level. */
  readonly baseChannels: number;
  /** Channel multiplier of each level. */
  readonly channelMultipliers: readonly number[];
  /** Residual blocks per level on the way down. */
  readonly resBlocks: number;
  /** Feature-map heights that get self-attention. */
  readonly attentionResolutions: readonly number[];
  /** Attention heads. */
  readonly attentionHeads: number;
  /** Dropout probability in res blocks while training. */
  readonly dropout: number;
  /** GroupNorm groups. */
  readonly groups: number;
  /** Number of classes K, or absent for an unconditional model. */
  readonly classes?: number;
  /** The seed the model was initialised from. */
  readonly seed: number;
}

/**
 * Validates options (or a stored config) and fills in the defaults.
 *
 * @param options - The options as received.
 * @param parameter - The name to report in errors, e.g. `"options"`; fields are reported as `"options.groups"`.
 * @returns A frozen config.
 * @throws `InvalidArgumentError` naming the first invalid field: `imageShape` not three integers ≥ 1,
 *   `baseChannels` not an even integer ≥ 2, `channelMultipliers` not a non-empty array of integers ≥ 1,
 *   `resBlocks` or `attentionHeads` or `groups` not an integer ≥ 1, `attentionResolutions` not an array of
 *   integers ≥ 1, `dropout` outside [0, 1), `classes` not an integer ≥ 1, `seed` not an integer ≥ 0; `groups` not
 *   dividing every channel count; `attentionHeads` not dividing the channels of an attention layer;
 *   `ResourceLimitError` naming `baseChannels` when the parameters with their gradients and Adam's moments (16 bytes
 *   per parameter) would exceed the allocation limit.
 * @example
 * ```ts
 * const config = resolveUnetConfig({ imageShape: [28, 28, 1] }, 'options'); // base 8, [1, 2, 2], …
 * ```
 */
export function resolveUnetConfig(options: unknown, parameter: string): UnetVectorFieldConfig {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      parameter,
      'an object { imageShape, baseChannels?, channelMultipliers?, … }',
      options,
    );
  }
  const o = options as Record<string, unknown>;
  const field = (name: string) => `${parameter}.${name}`;
  const imageShape = assertIntegers(field('imageShape'), o.imageShape, 3) as unknown as [number, number, number];
  const baseChannels = assertInteger(field('baseChannels'), o.baseChannels ?? UNET_DEFAULTS.baseChannels, 2);
  if (baseChannels % 2 !== 0)
    throw new InvalidArgumentError(field('baseChannels'), 'an even integer ≥ 2', baseChannels);
  const channelMultipliers = assertIntegers(
    field('channelMultipliers'),
    o.channelMultipliers ?? UNET_DEFAULTS.channelMultipliers,
  );
  if (channelMultipliers.length === 0) {
    throw new InvalidArgumentError(
      field('channelMultipliers'),
      'a non-empty array of integers ≥ 1',
      o.channelMultipliers,
    );
  }
  const dropout = assertNonNegative(field('dropout'), o.dropout ?? UNET_DEFAULTS.dropout);
  if (!(dropout < 1)) throw new InvalidArgumentError(field('dropout'), 'a probability in [0, 1)', dropout);
  const classes = o.classes === undefined ? undefined : assertInteger(field('classes'), o.classes, 1);
  const config: UnetVectorFieldConfig = Object.freeze({
    imageShape,
    baseChannels,
    channelMultipliers,
    resBlocks: assertInteger(field('resBlocks'), o.resBlocks ?? UNET_DEFAULTS.resBlocks, 1),
    attentionResolutions: assertIntegers(
      field('attentionResolutions'),
      o.attentionResolutions ?? UNET_DEFAULTS.attentionResolutions,
    ),
    attentionHeads: assertInteger(field('attentionHeads'), o.attentionHeads ?? UNET_DEFAULTS.attentionHeads, 1),
    dropout,
    groups: assertInteger(field('groups'), o.groups ?? UNET_DEFAULTS.groups, 1),
    ...(classes === undefined ? {} : { classes }),
    seed: assertInteger(field('seed'), o.seed ?? UNET_DEFAULTS.seed),
  });
  const channels = levelChannels(config);
  for (const c of [baseChannels, ...channels]) {
    if (c % config.groups !== 0) {
      throw new InvalidArgumentError(
        field('groups'),
        `a divisor of every channel count (${[baseChannels, ...channels].join(', ')})`,
        config.groups,
      );
    }
  }
  for (const c of attentionChannels(config)) {
    if (c % config.attentionHeads !== 0) {
      throw new InvalidArgumentError(
        field('attentionHeads'),
        `a divisor of the channels of every attention layer (${attentionChannels(config).join(', ')})`,
        config.attentionHeads,
      );
    }
  }
  const count = unetParameterCount(config);
  const what = `U-Net of ${count} parameters (with gradients and Adam moments)`;
  requireMemory(field('baseChannels'), baseChannels, count * TRAINING_BYTES_PER_PARAMETER, what);
  return config;
}

/** float32 weight, gradient, and Adam's first and second moments: 4 × 4 bytes per parameter while training. */
const TRAINING_BYTES_PER_PARAMETER = 16;

function assertIntegers(parameter: string, value: unknown, length?: number): readonly number[] {
  const expected = length === undefined ? 'an array of integers ≥ 1' : `an array of ${length} integers ≥ 1`;
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new InvalidArgumentError(parameter, expected, value);
  }
  return Object.freeze(value.map((entry: unknown, i) => assertInteger(`${parameter}[${i}]`, entry, 1)));
}
