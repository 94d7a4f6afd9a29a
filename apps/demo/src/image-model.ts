import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { MNIST_CLASSES, type ObjectiveName, unetVectorField } from '@gen/train';
import type { ImageTrainingSettings } from './image-settings';
import { createAdam } from './model';
import type { TrainedImageModel } from './state';

/** The shape [H, W, C] of one MNIST digit. */
export const MNIST_SHAPE = [28, 28, 1] as const;

/** The objective of the images mode: conditional flow matching (independent pairs), a velocity field. */
export const IMAGE_OBJECTIVE: ObjectiveName = 'cfm';

/**
 * A new class-conditional U-Net for MNIST: `unetVectorField` with 10 classes (and its learned "no class" entry for
 * guidance), the base channels and seed of the settings and `UNET_DEFAULTS` for every other option.
 *
 * @param settings - Base channels and seed.
 * @param precision - The active backend's settings (Adam's ε).
 * @returns The model and its Adam; the state owns them.
 * @throws `InvalidArgumentError` of `unetVectorField` naming the option it refuses (e.g. `options.groups` when the
 *   default groups do not divide the base channels).
 * @example
 * ```ts
 * newImageModel({ baseChannels: 8, seed: 0 }, precisionOf('cpu')).field.classes; // 10
 * ```
 */
export function newImageModel(
  settings: Pick<ImageTrainingSettings, 'baseChannels' | 'seed'>,
  precision: WebglPrecisionSettings,
): TrainedImageModel {
  const field = unetVectorField({
    imageShape: MNIST_SHAPE,
    classes: MNIST_CLASSES,
    baseChannels: settings.baseChannels,
    seed: settings.seed,
  });
  return { field, adam: createAdam(field, precision), objective: IMAGE_OBJECTIVE };
}
