import { randomNormal } from '@gen/core';
import { sample } from '@gen/ode';
import { SAMPLERS } from '@gen/sde';
import { guidedField } from '@gen/train';
import type * as tf from '@tensorflow/tfjs';
import { MNIST_SHAPE } from './image-model';
import { classifierAccuracy } from './image-quality';
import { ALL_CLASSES, DIGITS, type DigitChoice, type ImageSamplingSettings } from './image-settings';
import type { MethodChoice } from './sampling';
import {
  type ImageGridSamples,
  type ImagesState,
  type ImageTrajectory,
  parameterCount,
  type TrainedImageModel,
} from './state';
import { frameTimes } from './trajectories';

/** Frames of the trajectory strip, evenly in time from t = 1 (noise) to t = 0 (digit). */
export const IMAGE_FRAMES = 8;

/**
 * The options of the images mode's Method select: the fixed-step ODE methods of the sampler table `SAMPLERS`
 * (the steps field sets their cost; a grid is one solve per refresh).
 *
 * @returns The options in the table's order.
 * @example
 * ```ts
 * imageMethodChoices().map((c) => c.value); // ['euler', 'midpoint', 'heun', 'rk4', …]
 * ```
 */
export function imageMethodChoices(): MethodChoice[] {
  return Object.values(SAMPLERS)
    .filter((row) => !row.adaptive && !row.needsDiffusion)
    .map(({ name }) => ({ value: name, label: name }));
}

/**
 * The labels of a grid of 10 rows of `columns` images: row r is digit r (one row per class), or every image the
 * chosen digit.
 *
 * @param digit - A digit 0–9 or `all`.
 * @param columns - Images per row.
 * @returns 10·columns labels, row by row.
 * @example
 * ```ts
 * gridLabels('all', 2); // [0, 0, 1, 1, …, 9, 9]
 * ```
 */
export function gridLabels(digit: DigitChoice, columns: number): number[] {
  return Array.from({ length: DIGITS * columns }, (_, i) => (digit === ALL_CLASSES ? Math.floor(i / columns) : digit));
}

/** Integrates z from t = 1 to t = 0 along the guided field of `labels`; the result belongs to the caller. */
async function solve(
  model: TrainedImageModel,
  z: tf.Tensor,
  labels: readonly number[],
  settings: ImageSamplingSettings,
  timeSpan: [number, number],
  steps: number,
): Promise<{ x: tf.Tensor; nfe: number }> {
  const field = guidedField(model.field, { labels, guidance: settings.guidance });
  const { x, stats } = await sample(field, z, { method: settings.method, steps, timeSpan });
  return { x: x as tf.Tensor, nfe: stats.nfe };
}

/**
 * Draws the sample grid: 10·columns images from N(0, I) noise (seeded by the sample seed), integrated from t = 1 to
 * t = 0 by `sample` of `@gen/ode` along `guidedField(model, { labels, guidance })` (classifier-free guidance,
 * u = (1 + w)·u(t, x | c) − w·u(t, x | ∅)), then scored by the shipped classifier.
 *
 * @param model - The class-conditional U-Net; borrowed.
 * @param settings - Method, steps, columns, seed, guidance and digit.
 * @param step - The model's update count (recorded with the grid).
 * @returns The grid; it holds no tensors.
 * @throws `InvalidArgumentError` naming `method` for no row of the sampler table (or one that takes tolerances);
 *   `NumericalError` when the solve fails. No tensor is left behind on any path.
 * @example
 * ```ts
 * const grid = await sampleImageGrid(model, { method: 'euler', steps: 20, columns: 4, seed: 1, guidance: 2, digit: 'all' }, 300);
 * grid.pixels.length; // 40 · 784
 * ```
 */
export async function sampleImageGrid(
  model: TrainedImageModel,
  settings: ImageSamplingSettings,
  step: number,
): Promise<ImageGridSamples> {
  const labels = gridLabels(settings.digit, settings.columns);
  const started = performance.now();
  const z = randomNormal([labels.length, ...MNIST_SHAPE], settings.seed);
  let pixels: Float32Array;
  let nfe: number;
  try {
    const result = await solve(model, z, labels, settings, [0, 1], settings.steps);
    nfe = result.nfe;
    try {
      pixels = (await result.x.data()) as Float32Array;
    } finally {
      result.x.dispose();
    }
  } finally {
    z.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const { columns, guidance, digit } = settings;
  const accuracy = await classifierAccuracy(pixels, labels);
  return { pixels, labels, columns, guidance, digit, step, nfe, seconds, accuracy };
}

/**
 * One image's way from noise to digit (one per class for `all`): N(0, I) noise seeded by the sample seed,
 * moved from each of the {@link IMAGE_FRAMES} frame times to the next by `sample` along the guided field, each piece
 * taking an equal share of the steps (at least one).
 *
 * @param model - The class-conditional U-Net; borrowed.
 * @param settings - Method, steps, seed, guidance and digit.
 * @returns The frames at times 1 … 0; no tensors.
 * @throws As {@link sampleImageGrid}.
 * @example
 * ```ts
 * (await imageTrajectory(model, settings)).frames.length; // 8
 * ```
 */
export async function imageTrajectory(
  model: TrainedImageModel,
  settings: ImageSamplingSettings,
): Promise<ImageTrajectory> {
  const labels =
    settings.digit === ALL_CLASSES ? Array.from({ length: DIGITS }, (_, d) => d) : [settings.digit as number];
  const times = frameTimes(0, IMAGE_FRAMES);
  const steps = Math.max(1, Math.round(settings.steps / (IMAGE_FRAMES - 1)));
  let x = randomNormal([labels.length, ...MNIST_SHAPE], settings.seed);
  try {
    const frames = [(await x.data()) as Float32Array];
    for (let k = 1; k < IMAGE_FRAMES; k += 1) {
      const timeSpan = [times[k], times[k - 1]] as [number, number];
      const { x: next } = await solve(model, x, labels, settings, timeSpan, steps);
      x.dispose();
      x = next;
      frames.push((await x.data()) as Float32Array);
    }
    return { frames, times, labels };
  } finally {
    x.dispose();
  }
}

/**
 * The line under the images mode's sampling buttons for a grid: its size, guidance, NFE, time and the classifier's
 * accuracy next to chance.
 *
 * @param grid - The grid.
 * @returns The text.
 * @example
 * ```ts
 * gridInfo(grid); // '40 images · w = 2 · NFE 40 · 3.10 s · classifier accuracy 85.0% (chance 10%)'
 * ```
 */
export function gridInfo(grid: ImageGridSamples): string {
  const accuracy = `classifier accuracy ${(100 * grid.accuracy).toFixed(1)}% (chance ${100 / DIGITS}%)`;
  return `${grid.labels.length} images · w = ${grid.guidance} · NFE ${grid.nfe} · ${grid.seconds.toFixed(2)} s · ${accuracy}`;
}

/**
 * The line above the images mode's fields: MNIST's training split and the model's size.
 *
 * @param images - The images mode's state.
 * @returns The text ('' before MNIST is loaded).
 * @example
 * ```ts
 * imagesDataInfo(images); // 'mnist-train: 9000 images 28×28×1, 10 classes · U-Net of 41961 parameters'
 * ```
 */
export function imagesDataInfo({ data, model }: Pick<ImagesState, 'data' | 'model'>): string {
  if (data === undefined) return '';
  const size = `${data.name}: ${data.size} images ${data.shape.join('×')}, ${data.classes ?? 0} classes`;
  return model === undefined ? size : `${size} · U-Net of ${parameterCount(model)} parameters`;
}
