import { InvalidArgumentError } from '@gen/core';
import type { Dataset } from '../data/index.js';
import {
  type GenModel,
  type ModelKind,
  mlpVectorField,
  type UnetVectorFieldConfig,
  unetVectorField,
} from '../models/index.js';
import { resolveUnetConfig } from '../models/unet/config.js';
import type { TrainFlags } from './command-options.js';
import { isImageData } from './run-files.js';
import { checkModelSize } from './sizes.js';

/** The model `gen train` builds, decided from `--model`, the architecture flags, `--classes` and the data. */
export interface ModelChoice {
  /** `mlp` for points, `unet` for images. */
  readonly kind: ModelKind;
  /** The number of classes K of a class-conditional U-Net, else undefined. */
  readonly classes: number | undefined;
  /** The label dropout of a class-conditional model (0 otherwise). */
  readonly labelDropout: number;
  /** The settings that decide the architecture, as train.json records them. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Builds a fresh model from `--seed` (the caller owns it). */
  build(): GenModel;
}

/** The U-Net architecture options of `gen train` (keys of `UnetVectorFieldOptions` and of the flags), by flag. */
export const UNET_FLAGS = {
  baseChannels: '--base-channels',
  channelMultipliers: '--channel-multipliers',
  resBlocks: '--res-blocks',
  attentionResolutions: '--attention-resolutions',
  attentionHeads: '--attention-heads',
  dropout: '--dropout',
  groups: '--groups',
} as const;

/** The channel-setting flags, which a divisibility error names when its own flag was not given. */
const CHANNEL_KEYS = ['baseChannels', 'channelMultipliers'] as const;

/**
 * Decides which model `gen train` trains and checks that the flags fit it and the data: an MLP for points (the
 * default there), a U-Net for images (the default there), class-conditional when the images are labelled (unless
 * `--classes off`).
 *
 * @param flags - The parsed options.
 * @param given - Which options were written on the command line.
 * @param data - The data set of `--data`.
 * @returns The choice.
 * @throws `InvalidArgumentError` naming `--model` (unet for points, mlp for images), `--hidden` with a U-Net, a
 *   U-Net flag (`--base-channels`, …) with an MLP or that the U-Net refuses, `--classes` (on for unlabelled data or
 *   an MLP), `--label-dropout` for a model that is not class-conditional; as `checkModelSize` for the MLP's size.
 * @example
 * ```ts
 * const choice = chooseModel(flags, given, await resolveData('mnist'));
 * const model = choice.build(); // a class-conditional U-Net on [28, 28, 1]
 * ```
 */
export function chooseModel(flags: TrainFlags, given: ReadonlySet<keyof TrainFlags>, data: Dataset): ModelChoice {
  const images = isImageData(data);
  const kind: ModelKind = flags.model ?? (images ? 'unet' : 'mlp');
  if (kind === 'unet' && !images) {
    throw new InvalidArgumentError(
      '--model',
      'mlp for point data (unet trains on images: mnist, fashion-mnist, an images .npy or a folder of PNGs)',
      'unet',
    );
  }
  if (kind === 'mlp' && images) {
    throw new InvalidArgumentError('--model', `unet for image data (${data.shape.join('×')} images)`, 'mlp');
  }
  if (kind === 'unet' && given.has('hidden')) {
    throw new InvalidArgumentError(
      '--hidden',
      'no --hidden with --model unet (it sizes the MLP)',
      flags.hidden.join(','),
    );
  }
  if (kind === 'mlp') {
    for (const [key, flag] of Object.entries(UNET_FLAGS)) {
      if (given.has(key as keyof TrainFlags)) {
        throw new InvalidArgumentError(
          flag,
          'no U-Net option with --model mlp',
          String(flags[key as keyof TrainFlags]),
        );
      }
    }
  }
  const labelled = data.classes !== undefined && typeof data.sampleLabelled === 'function';
  if (flags.classes === 'on' && (kind !== 'unet' || !labelled)) {
    throw new InvalidArgumentError(
      '--classes',
      kind === 'unet' ? 'labelled images (or --classes off)' : 'a U-Net on labelled images (an MLP has no classes)',
      'on',
      kind === 'unet' ? `${data.name} has no labels.` : undefined,
    );
  }
  const conditional = kind === 'unet' && labelled && flags.classes !== 'off';
  if (!conditional && flags.labelDropout !== undefined) {
    throw new InvalidArgumentError(
      '--label-dropout',
      'no label dropout: the model is not class-conditional',
      flags.labelDropout,
      'Label dropout trains the "no class" label of a class-conditional U-Net (labelled images, --classes on).',
    );
  }
  const classes = conditional ? data.classes : undefined;
  const labelDropout = conditional ? (flags.labelDropout ?? 0.1) : 0;
  if (kind === 'mlp') {
    checkModelSize(data.dim, flags.hidden);
    return {
      kind,
      classes,
      labelDropout,
      settings: { hidden: [...flags.hidden] },
      build: () => mlpVectorField({ dim: data.dim, hidden: flags.hidden, seed: flags.seed }),
    };
  }
  const options: Record<string, unknown> = { imageShape: [...data.shape], seed: flags.seed };
  for (const key of Object.keys(UNET_FLAGS) as (keyof typeof UNET_FLAGS)[]) {
    if (flags[key] !== undefined) options[key] = flags[key];
  }
  if (classes !== undefined) options.classes = classes;
  let config: UnetVectorFieldConfig;
  try {
    config = resolveUnetConfig(options, 'options'); // every value checked before any folder is touched
  } catch (error) {
    throw asFlagError(error, flags, given);
  }
  // The whole architecture, defaults filled in: a resumed run keeps it even if UNET_DEFAULTS change.
  const { seed: _seed, ...architecture } = config;
  return {
    kind,
    classes,
    labelDropout,
    settings: {
      model: kind,
      unet: architecture,
      ...(classes === undefined ? {} : { labelDropout }),
    },
    build: () => unetVectorField(config),
  };
}

/**
 * A U-Net config error renamed after the flag that set the option (`options.baseChannels` → `--base-channels`). A
 * divisibility error of `groups` or `attentionHeads` left at its default names the channel flag that was given.
 */
function asFlagError(error: unknown, flags: TrainFlags, given: ReadonlySet<keyof TrainFlags>): unknown {
  if (!InvalidArgumentError.isInstance(error)) return error;
  const key = (Object.keys(UNET_FLAGS) as (keyof typeof UNET_FLAGS)[]).find((k) =>
    new RegExp(`^options\\.${k}(\\[|$)`).test(error.parameter),
  );
  if (key === undefined) return error;
  const divisor = key === 'groups' || key === 'attentionHeads';
  const channelKey = divisor && !given.has(key) ? CHANNEL_KEYS.find((k) => given.has(k)) : undefined;
  const renamed =
    channelKey === undefined
      ? new InvalidArgumentError(UNET_FLAGS[key], error.expected, error.received)
      : new InvalidArgumentError(
          UNET_FLAGS[channelKey],
          `channels that ${UNET_FLAGS[key]} ${error.received} divides (${error.expected.replace(/^a divisor of /, '')})`,
          flags[channelKey],
        );
  return Object.assign(renamed, { cause: error });
}
