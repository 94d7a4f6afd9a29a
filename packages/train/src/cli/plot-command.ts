import { StandardNormal } from '@gen/core';
import { logProb, odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { guidedField } from '../conditioning/index.js';
import { OBJECTIVES } from '../objectives/index.js';
import {
  type Canvas,
  densityFigure,
  imageGridFigure,
  samplesFigure,
  trajectoriesFigure,
  trajectoryFramesFigure,
  type Viewport,
} from '../plot/index.js';
import { encodePng } from '../plot/png.js';
import { DEFAULT_COUNTS, type PlotFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { dataOf, drawSamples, isImageModel, type LoadedRun, loadRun, sampleShapeOf } from './model-files.js';
import { claimOutputFile, type OutputFile } from './paths.js';
import { resolveData } from './run-files.js';

/**
 * `gen plot`: draws three PNG pictures of a trained 2-D model into its folder: samples over data
 * (`samples.png`), trajectories from noise to data (`trajectories.png`), and the model's log-density log p on a
 * grid computed with `logProb` (`density.png`); next to a `<stem>.safetensors` model file they are
 * `<stem>.samples.png`, … (a model file needs `--data`).
 *
 * An image model (a U-Net run) gets two pictures instead: a grid of `-n` samples (`samples.png`; one row per
 * class for a class-conditional model, ⌈n/K⌉ images each) and the trajectories of a few images from noise to
 * image as frames (`trajectories.png`, 8 times from t1 to t0; one image per class, at most 10, for a conditional model).
 *
 * @remarks
 * Every solve (samples, trajectories, density) uses dopri5 with `--rtol`, `--atol` and `--max-steps`. The three
 * files are claimed before any work, and each stage is announced on stderr.
 *
 * @param flags - The parsed options (see `gen plot --help`).
 * @param io - Output channels.
 * @returns The written files.
 * @throws `InvalidArgumentError` naming the bad option; `NumericalError` when a solve fails.
 * @example
 * ```ts
 * await plotCommand({ ...defaults, model: 'runs/moons' }, io);
 * ```
 */
export async function plotCommand(flags: PlotFlags, io: CliIo): Promise<string[]> {
  const loaded = await loadRun(flags.model, flags.backend, flags.objective);
  const { grid, seed } = flags;
  const solver = { method: 'dopri5', rtol: flags.rtol, atol: flags.atol, maxSteps: flags.maxSteps };
  const files: OutputFile[] = [];
  try {
    if (isImageModel(loaded.model)) return await plotImages(loaded, flags, files, io);
    const n = flags.n ?? DEFAULT_COUNTS.plot.points;
    const [dim] = sampleShapeOf(loaded.model);
    if (dim !== 2) {
      io.err(`gen plot: the model is ${dim}-D; pictures are drawn for 2-D models and image models only.\n`);
      return [];
    }
    const data = await resolveData(dataOf(loaded, flags.data));
    for (const name of ['samples.png', 'trajectories.png', 'density.png']) {
      files.push(await claimOutputFile(loaded.outputPath(name), '--model', ['.png']));
    }
    const [samplesFile, trajectoriesFile, densityFile] = files as [OutputFile, OutputFile, OutputFile];
    const stage = (text: string) => io.err(`gen plot: ${text}…\n`);
    const points = data.sample(n, seed + 2_000_003);
    const dataXy = (await points.data()) as Float32Array;
    points.dispose();
    const view = viewportOf(dataXy);
    const save = (file: OutputFile, canvas: Canvas) =>
      file.commit(encodePng(canvas.pixels, canvas.width, canvas.height));

    stage(`sampling ${n} points`);
    const samples = await drawSamples(loaded, n, solver, seed);
    const sampleXy = (await samples.x.data()) as Float32Array;
    samples.x.dispose();
    const title = `samples (n = ${n}, ${solver.method}) vs data`;
    await save(samplesFile, samplesFigure({ data: dataXy, samples: sampleXy, view, title }));

    stage('drawing 64 trajectories');
    const { field, timeSpan } = OBJECTIVES[loaded.objective].samplingField(loaded.model);
    const times = Array.from({ length: 41 }, (_, k) => timeSpan[1] - ((timeSpan[1] - timeSpan[0]) * k) / 40);
    const z = new StandardNormal(2).sample(64, seed + 3);
    const { ys } = await odeint(field, z, times, solver).finally(() => z.dispose());
    const path = (await ys.data()) as Float32Array;
    ys.dispose();
    const trajectoriesTitle = `trajectories t = ${timeSpan[1]} \u2192 ${timeSpan[0]}`;
    await save(
      trajectoriesFile,
      trajectoriesFigure({ data: dataXy, paths: path, frames: times.length, view, title: trajectoriesTitle }),
    );

    stage(`computing the density on a ${grid} × ${grid} grid (one likelihood solve)`);
    const cells = Array.from({ length: grid * grid }, (_, i) => {
      const [row, col] = [Math.floor(i / grid), i % grid];
      return [
        view.xMin + ((col + 0.5) * (view.xMax - view.xMin)) / grid,
        view.yMax - ((row + 0.5) * (view.yMax - view.yMin)) / grid,
      ];
    });
    const x = tf.tensor2d(cells);
    const { logp, z: latent } = await logProb(field, x, { timeSpan: [...timeSpan], ...solver }).finally(() =>
      x.dispose(),
    );
    const logDensity = (await logp.data()) as Float32Array;
    tf.dispose([logp, latent]);
    await save(densityFile, densityFigure({ logDensity, grid, view }));
    const written = files.map((f) => f.path);
    io.out(`wrote ${written.join(', ')}`);
    return written;
  } finally {
    loaded.model.dispose();
    for (const file of files) await file.abandon();
  }
}

/** A square viewport around the data with a 10% margin. */
function viewportOf(xy: Float32Array): Viewport {
  let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const v of xy) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const margin = 0.1 * (hi - lo);
  return { xMin: lo - margin, xMax: hi + margin, yMin: lo - margin, yMax: hi + margin };
}

/** `gen plot` of an image model: the sample grid and the trajectory frames (files claimed into `files`). */
async function plotImages(loaded: LoadedRun, flags: PlotFlags, files: OutputFile[], io: CliIo): Promise<string[]> {
  const shape = sampleShapeOf(loaded.model);
  const solver = { method: 'dopri5', rtol: flags.rtol, atol: flags.atol, maxSteps: flags.maxSteps };
  for (const name of ['samples.png', 'trajectories.png']) {
    files.push(await claimOutputFile(loaded.outputPath(name), '--model', ['.png']));
  }
  const [samplesFile, trajectoriesFile] = files as [OutputFile, OutputFile];
  const save = (file: OutputFile, canvas: Canvas) => file.commit(encodePng(canvas.pixels, canvas.width, canvas.height));
  const classes = loaded.model.classes;
  const n = flags.n ?? DEFAULT_COUNTS.plot.images;
  const perClass = classes === undefined ? n : Math.ceil(n / classes);
  const labels =
    classes === undefined
      ? undefined
      : Int32Array.from({ length: perClass * classes }, (_, i) => Math.floor(i / perClass));
  const count = labels?.length ?? n;
  io.err(
    `gen plot: sampling ${count} images${classes === undefined ? '' : ` (${perClass} of each of ${classes} classes)`}…\n`,
  );
  const samples = await drawSamples(loaded, count, solver, flags.seed, labels && { labels, guidance: 0 });
  const values = (await samples.x.data()) as Float32Array;
  samples.x.dispose();
  const rowLabels = classes === undefined ? {} : { rowLabels: Array.from({ length: classes }, (_, k) => String(k)) };
  await save(
    samplesFile,
    imageGridFigure({ images: values, shape, ...rowLabels, title: `samples (${solver.method})` }).canvas,
  );

  const paths = classes === undefined ? 4 : Math.min(classes, 10);
  io.err(`gen plot: drawing the trajectories of ${paths} images…\n`);
  const pathLabels = classes === undefined ? undefined : Int32Array.from({ length: paths }, (_, i) => i);
  const conditioned =
    pathLabels === undefined ? loaded.model : guidedField(loaded.model, { labels: pathLabels, guidance: 0 });
  const { field, timeSpan } = OBJECTIVES[loaded.objective].samplingField(conditioned);
  const times = Array.from({ length: 8 }, (_, k) => timeSpan[1] - ((timeSpan[1] - timeSpan[0]) * k) / 7);
  const dim = shape.reduce((a, b) => a * b, 1);
  const z = tf.tidy(() => new StandardNormal(dim).sample(paths, flags.seed + 3).reshape([paths, ...shape]));
  const { ys } = await odeint(field, z, times, solver).finally(() => z.dispose());
  const all = (await ys.data()) as Float32Array;
  ys.dispose();
  const frames = times.map((_, k) => all.subarray(k * paths * dim, (k + 1) * paths * dim));
  await save(trajectoriesFile, trajectoryFramesFigure({ frames, times, shape, title: 'trajectories' }).canvas);
  const written = files.map((f) => f.path);
  io.out(`wrote ${written.join(', ')}`);
  return written;
}
