import { InvalidArgumentError } from '@gen/core';
import { integerField, positiveField, QUOTE } from './settings';

/** The images form's fields as typed, by element id: what the edge (`readImageControls`) hands to the parsers. */
export interface RawImageSettings {
  readonly 'img-base': string;
  readonly 'img-lr': string;
  readonly 'img-batch': string;
  readonly 'img-steps': string;
  readonly 'img-chunk': string;
  readonly 'img-seed': string;
  readonly 'img-dropout': string;
  readonly 'img-refresh': string;
  readonly 'img-method': string;
  readonly 'img-ode-steps': string;
  readonly 'img-columns': string;
  readonly 'img-sample-seed': string;
  readonly 'img-guidance': string;
  readonly 'img-class': string;
}

/** The Class picker's value for one row per class. */
export const ALL_CLASSES = 'all';

/** The digits the images mode draws: every class in its own row, or one digit. */
export type DigitChoice = number | typeof ALL_CLASSES;

/** One Train press in images mode: the U-Net a Train creates, and `steps` updates in chunks of `chunk`. */
export interface ImageTrainingSettings {
  /** The U-Net's `baseChannels` (its other options are `UNET_DEFAULTS`'). */
  readonly baseChannels: number;
  /** The initialisation's seed (also the seed of the training batches and label dropout). */
  readonly seed: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly chunk: number;
  /** The probability that a training label is replaced by "no class" (for classifier-free guidance), in [0, 1). */
  readonly labelDropout: number;
  /** The sample grid is redrawn after every this many updates (0: only at the end of a Train). */
  readonly refreshEvery: number;
}

/** The sample grid and the trajectory: a fixed-step ODE method, its steps, the grid's size, guidance and class. */
export interface ImageSamplingSettings {
  readonly method: string;
  /** Steps from t = 1 (noise) to t = 0 (data). */
  readonly steps: number;
  /** Images per row of the grid (10 rows). */
  readonly columns: number;
  /** Seed of the grid's and the trajectory's noise. */
  readonly seed: number;
  /** The classifier-free guidance weight w ≥ 0. */
  readonly guidance: number;
  /** The digit the grid and the trajectory show, or one row per class. */
  readonly digit: DigitChoice;
}

/** Number of classes of MNIST (rows of the grid). */
export const DIGITS = 10;

/**
 * Parses the images mode's model and training fields: base channels an integer ≥ 2, seed ≥ 0, lr > 0, batch,
 * steps and chunk ≥ 1, label dropout in [0, 1), grid refresh ≥ 0.
 *
 * @param raw - The form's fields.
 * @returns The typed settings.
 * @throws `InvalidArgumentError` naming the first bad field (its id), the expected range and the text typed.
 * @example
 * ```ts
 * parseImageTrainingSettings(raw).labelDropout; // 0.1
 * ```
 */
export function parseImageTrainingSettings(raw: RawImageSettings): ImageTrainingSettings {
  return {
    baseChannels: integerField(raw, 'img-base', 2),
    seed: integerField(raw, 'img-seed', 0),
    learningRate: positiveField(raw, 'img-lr'),
    batchSize: integerField(raw, 'img-batch', 1),
    steps: integerField(raw, 'img-steps', 1),
    chunk: integerField(raw, 'img-chunk', 1),
    labelDropout: fraction(raw, 'img-dropout'),
    refreshEvery: integerField(raw, 'img-refresh', 0),
  };
}

/**
 * Parses the images mode's sampling fields: steps and columns integers ≥ 1, sample seed ≥ 0, guidance a finite
 * number ≥ 0, class `all` or a digit 0–9. The method is taken as it is: `sample` checks it against the sampler
 * table.
 *
 * @param raw - The form's fields.
 * @returns The typed settings.
 * @throws `InvalidArgumentError` naming the first bad field (its id), the expected range and the text typed.
 * @example
 * ```ts
 * parseImageSamplingSettings({ ...raw, 'img-class': '3', 'img-guidance': '2' }).digit; // 3
 * ```
 */
export function parseImageSamplingSettings(raw: RawImageSettings): ImageSamplingSettings {
  return {
    method: raw['img-method'],
    steps: integerField(raw, 'img-ode-steps', 1),
    columns: integerField(raw, 'img-columns', 1),
    seed: integerField(raw, 'img-sample-seed', 0),
    guidance: guidance(raw),
    digit: digit(raw),
  };
}

/** A number in [0, 1), or an `InvalidArgumentError` naming the field. */
function fraction(raw: RawImageSettings, field: keyof RawImageSettings): number {
  const text = raw[field];
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value < 1))
    throw new InvalidArgumentError(field, 'a number in [0, 1)', text.slice(0, QUOTE));
  return value;
}

/** The guidance weight: a finite number ≥ 0. */
function guidance(raw: RawImageSettings): number {
  const text = raw['img-guidance'];
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new InvalidArgumentError('img-guidance', 'a guidance weight w ≥ 0 (a finite number)', text.slice(0, QUOTE));
  return value;
}

/** `all`, or a digit 0–9. */
function digit(raw: RawImageSettings): DigitChoice {
  const text = raw['img-class'];
  if (text === ALL_CLASSES) return ALL_CLASSES;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0 || value >= DIGITS)
    throw new InvalidArgumentError('img-class', `"${ALL_CLASSES}" or a digit 0–9`, text.slice(0, QUOTE));
  return value;
}
