import { InvalidArgumentError } from '@gen/core';
import type { Dataset } from '../data/index.js';
import { type GenModel, type ModelKind, mlpVectorField, unetVectorField } from '../models/index.js';
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

/** The U-Net options of `gen train`, by flag. */
const UNET_FLAGS = {
  baseChannels: '--base-channels',
  channelMultipliers: '--channel-multipliers',
  resBlocks: '--res-blocks',
} as const;

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
  const architecture = {
    imageShape: [...data.shape] as [number, number, number],
    ...(flags.baseChannels === undefined ? {} : { baseChannels: flags.baseChannels }),
    ...(flags.channelMultipliers === undefined ? {} : { channelMultipliers: flags.channelMultipliers }),
    ...(flags.resBlocks === undefined ? {} : { resBlocks: flags.resBlocks }),
    ...(classes === undefined ? {} : { classes }),
  };
  const build = () => {
    try {
      return unetVectorField({ ...architecture, seed: flags.seed });
    } catch (error) {
      throw asFlagError(error);
    }
  };
  build().dispose(); // validates the architecture before any folder is touched
  return {
    kind,
    classes,
    labelDropout,
    settings: {
      model: kind,
      unet: architecture,
      ...(classes === undefined ? {} : { labelDropout }),
    },
    build,
  };
}

/** A U-Net config error renamed after the flag that set the option (`options.baseChannels` → `--base-channels`). */
function asFlagError(error: unknown): unknown {
  if (!InvalidArgumentError.isInstance(error)) return error;
  const entry = Object.entries(UNET_FLAGS).find(([key]) => error.parameter.startsWith(`options.${key}`));
  const flag = entry?.[1] ?? (error.parameter === 'options.groups' ? UNET_FLAGS.baseChannels : undefined);
  if (flag === undefined) return error;
  return Object.assign(new InvalidArgumentError(flag, error.expected, error.received), { cause: error });
}
