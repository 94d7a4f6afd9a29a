import { InvalidArgumentError } from '@gen/core';
import { getSampler } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { toCsv, toNpy } from '../data/index.js';
import { imageGridFigure } from '../plot/index.js';
import { encodePng } from '../plot/png.js';
import { DEFAULT_COUNTS, type SampleFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { drawSamples, isImageModel, type LoadedRun, loadRun, sampleShapeOf } from './model-files.js';
import { claimOutputFile } from './paths.js';

/**
 * `gen sample`: draws samples from a trained model with any sampler of `@gen/sde`'s `SAMPLERS` and writes them as
 * CSV or NPY (points), or as NPY or a PNG grid (images).
 *
 * @remarks
 * Images: `.npy` holds float32 [n, H, W, C] with pixel values in [0, 1] (the model's [−1, 1] mapped by
 * (x + 1)/2 and clipped); `.png` a grid of the images. A class-conditional model draws every image of `--class`,
 * with classifier-free guidance of weight `--guidance` (default 0, the conditional model); without `--class` it
 * draws every class: the PNG grid has one row per class (⌈n/K⌉ images each, so K·⌈n/K⌉ in all), and in `.npy`
 * image i is of class i mod K. `--class` and `--guidance` on a model without classes are errors.
 * The output file is claimed (extension, folder, writability) before anything is sampled.
 * A fixed-step sampler (euler, rk4, …, and for dsm models reverse-sde, pc, ddim, dpm-solver++) takes exactly
 * `--steps` steps (default the method's); an adaptive one uses `--rtol`, `--atol` and `--max-steps`; giving the
 * other kind's options is an error rather than silently ignored, and so is a diffusion sampler for a flow model.
 *
 * @param flags - The parsed options (see `gen sample --help`).
 * @param given - Which options were written on the command line.
 * @param io - Output channels.
 * @returns The output file.
 * @throws `InvalidArgumentError` naming the bad option (a missing model folder, an `--out` other than .csv/.npy
 *   for points or .npy/.png for images, or in an unwritable place, solver options that do not fit the method,
 *   `--class` / `--guidance` for a model without classes, a `--class` ≥ K); `NumericalError` when the solve fails.
 * @example
 * ```ts
 * await sampleCommand({ ...defaults, model: 'runs/moons', n: 10_000 }, new Set(['model', 'n']), io);
 * ```
 */
export async function sampleCommand(
  flags: SampleFlags,
  given: ReadonlySet<keyof SampleFlags>,
  io: CliIo,
): Promise<string> {
  const adaptive = getSampler(flags.method, '--method').adaptive;
  const misplaced = adaptive ? (['steps'] as const) : (['rtol', 'atol', 'maxSteps'] as const);
  for (const key of misplaced) {
    if (given.has(key)) {
      const flag = key === 'maxSteps' ? '--max-steps' : `--${key}`;
      throw new InvalidArgumentError(
        flag,
        `an option of ${adaptive ? 'fixed-step' : 'adaptive'} methods`,
        `--method ${flags.method}`,
        adaptive ? 'Adaptive methods take --rtol, --atol and --max-steps.' : 'Fixed-step samplers take --steps.',
      );
    }
  }
  const loaded = await loadRun(flags.model, flags.backend, flags.objective);
  try {
    const images = isImageModel(loaded.model);
    const conditioning = classConditioning(loaded, flags, images);
    const n = flags.n ?? (images ? DEFAULT_COUNTS.sample.images : DEFAULT_COUNTS.sample.points);
    const extensions = images ? ['.npy', '.png'] : ['.csv', '.npy'];
    const file = await claimOutputFile(
      flags.out ?? loaded.outputPath(images ? 'samples.png' : 'samples.csv'),
      '--out',
      extensions,
    );
    try {
      const png = file.path.toLowerCase().endsWith('.png');
      const labels = conditioning?.labels(n, png);
      const count = labels?.length ?? n;
      const what = images ? `${count} images` : `${count} points`;
      io.err(`gen sample: ${what} with ${flags.method}${conditioning?.text ?? ''}…\n`);
      const { method, steps, rtol, atol, maxSteps } = flags;
      const solver = { method, ...definedOnly({ steps, rtol, atol, maxSteps }) };
      const guide = labels === undefined ? undefined : { labels, guidance: flags.guidance ?? 0 };
      const { x, nfe, seconds } = await drawSamples(loaded, count, solver, flags.seed, guide);
      try {
        await file.commit(await encodeSamples(x, file.path, loaded, conditioning?.rows(count)));
      } finally {
        x.dispose();
      }
      io.out(
        `sampled ${what} with ${flags.method} in ${seconds.toFixed(2)} s (${nfe} field evaluations); wrote ${file.path}`,
      );
      return file.path;
    } finally {
      await file.abandon();
    }
  } finally {
    loaded.model.dispose();
  }
}

/** The class labels a sampling run draws, and how a PNG grid arranges them. */
interface ClassConditioning {
  /** The label of each sample: n of `--class`; or every class, K·⌈n/K⌉ in class order for a PNG grid, i mod K else. */
  labels(n: number, grid: boolean): Int32Array;
  /** The row labels of a PNG grid of `count` images: one row per class without `--class`. */
  rows(count: number): string[] | undefined;
  /** What the stage line adds (the class and guidance). */
  text: string;
}

/**
 * Checks `--class` and `--guidance` against the model and says which labels to draw; undefined for a model
 * without classes (sampled as it is).
 */
function classConditioning(loaded: LoadedRun, flags: SampleFlags, images: boolean): ClassConditioning | undefined {
  const classes = images ? (loaded.model as { classes?: number }).classes : undefined;
  if (classes === undefined) {
    for (const key of ['class', 'guidance'] as const) {
      if (flags[key] !== undefined) {
        throw new InvalidArgumentError(
          `--${key}`,
          'no class or guidance: the model is not class-conditional',
          flags[key],
          'Train with labelled images and --model unet (--classes on) to sample by class.',
        );
      }
    }
    return undefined;
  }
  const chosen = flags.class;
  if (chosen !== undefined && chosen >= classes) {
    throw new InvalidArgumentError('--class', `a class 0…${classes - 1} (the model has ${classes})`, chosen);
  }
  const guidance = flags.guidance ?? 0;
  return {
    labels(n, grid) {
      if (chosen !== undefined) return new Int32Array(n).fill(chosen);
      if (!grid) return Int32Array.from({ length: n }, (_, i) => i % classes);
      const perClass = Math.ceil(n / classes);
      return Int32Array.from({ length: perClass * classes }, (_, i) => Math.floor(i / perClass));
    },
    rows: () => (chosen === undefined ? Array.from({ length: classes }, (_, k) => String(k)) : undefined),
    text: `${chosen === undefined ? `, every class of ${classes}` : `, class ${chosen}`}, guidance ${guidance}`,
  };
}

/**
 * The bytes of the output file: CSV or NPY of points; for images, NPY of [n, H, W, C] in [0, 1] or a PNG grid
 * (one row per class when `rows` is given).
 */
async function encodeSamples(
  x: tf.Tensor,
  path: string,
  loaded: LoadedRun,
  rows: string[] | undefined,
): Promise<Uint8Array | string> {
  const lower = path.toLowerCase();
  if (!isImageModel(loaded.model)) return lower.endsWith('.npy') ? toNpy(x) : toCsv(x);
  const shape = sampleShapeOf(loaded.model);
  const n = x.shape[0] as number;
  if (lower.endsWith('.npy')) {
    const unit = tf.tidy(() => x.add(1).div(2).clipByValue(0, 1).reshape([n, -1]));
    try {
      return toNpy(unit, [n, ...shape]);
    } finally {
      unit.dispose();
    }
  }
  const values = (await x.data()) as Float32Array;
  const { canvas } = imageGridFigure({ images: values, shape, ...(rows === undefined ? {} : { rowLabels: rows }) });
  return encodePng(canvas.pixels, canvas.width, canvas.height);
}

/** The entries whose value is defined (the options given on the command line). */
function definedOnly<T extends Record<string, number | undefined>>(values: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
}
