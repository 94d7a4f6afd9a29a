import { StandardNormal } from '@gen/core';
import { logProb, odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { Canvas, encodePng, type Viewport, viridis } from '../plot/index.js';
import { numberFlag } from './args.js';
import type { CliIo } from './io.js';
import { drawSamples, loadRun } from './model-files.js';
import { samplingField } from './objectives.js';
import { resolveData } from './run-files.js';

const SIZE = 512;

/**
 * `gen plot`: draws three PNG pictures of a trained 2-D model into its folder: samples over data
 * (`samples.png`), trajectories from noise to data (`trajectories.png`), and the model's density exp(log p) on a
 * grid computed with `logProb` (`density.png`).
 *
 * @param flags - `--model` (runs/moons), `--data` (the run's data set), `-n` (2000 points), `--grid` (64 cells per
 *   side for the density), `--seed`, `--backend`.
 * @param io - Output channels.
 * @returns The written files.
 * @throws `InvalidArgumentError` naming the bad flag, or for a model that is not 2-D.
 * @example
 * ```ts
 * await plotCommand({ model: 'runs/moons' }, io);
 * ```
 */
export async function plotCommand(flags: Record<string, string>, io: CliIo): Promise<string[]> {
  const { join } = await import('node:path');
  const { writeFile } = await import('node:fs/promises');
  const loaded = await loadRun(flags);
  const dir = flags.model ?? 'runs/moons';
  const n = numberFlag(flags, 'n', 2000, 'positive-integer');
  const grid = numberFlag(flags, 'grid', 64, 'positive-integer');
  const seed = numberFlag(flags, 'seed', 0, 'non-negative-integer');
  const written: string[] = [];
  try {
    if (loaded.model.config.dim !== 2) {
      io.err(`gen plot: the model is ${loaded.model.config.dim}-D; pictures are drawn for 2-D models only.\n`);
      return written;
    }
    const data = await resolveData(flags.data ?? loaded.run.data);
    const points = data.sample(n, seed + 2_000_003);
    const dataXy = (await points.data()) as Float32Array;
    points.dispose();
    const view = viewportOf(dataXy);
    const save = async (name: string, canvas: Canvas) => {
      const path = join(dir, name);
      await writeFile(path, encodePng(canvas.pixels, canvas.width, canvas.height));
      written.push(path);
    };

    const samples = await drawSamples(loaded, n, flags);
    const sampleXy = (await samples.x.data()) as Float32Array;
    samples.x.dispose();
    const scatter = new Canvas(SIZE, SIZE, view);
    scatter.points(dataXy, [150, 150, 150, 120], 1);
    scatter.points(sampleXy, [31, 119, 180, 160], 1);
    await save('samples.png', scatter);

    const { field, timeSpan } = samplingField(loaded.model, loaded.run.objective);
    const times = Array.from({ length: 41 }, (_, k) => timeSpan[1] - ((timeSpan[1] - timeSpan[0]) * k) / 40);
    const z = new StandardNormal(2).sample(64, seed + 3);
    const { ys } = await odeint(field, z, times).finally(() => z.dispose());
    const path = (await ys.data()) as Float32Array;
    ys.dispose();
    const lines = new Canvas(SIZE, SIZE, view);
    lines.points(dataXy, [200, 200, 200, 120], 1);
    for (let j = 0; j < 64; j += 1) {
      const xy = times.flatMap((_, k) => [path[(k * 64 + j) * 2] as number, path[(k * 64 + j) * 2 + 1] as number]);
      lines.polyline(xy, [214, 39, 40, 160]);
      lines.points(xy.slice(-2), [31, 119, 180, 255], 2);
    }
    await save('trajectories.png', lines);

    const cells = Array.from({ length: grid * grid }, (_, i) => {
      const [row, col] = [Math.floor(i / grid), i % grid];
      return [
        view.xMin + ((col + 0.5) * (view.xMax - view.xMin)) / grid,
        view.yMax - ((row + 0.5) * (view.yMax - view.yMin)) / grid,
      ];
    });
    const x = tf.tensor2d(cells);
    const { logp, z: latent } = await logProb(field, x, { timeSpan }).finally(() => x.dispose());
    const logDensity = (await logp.data()) as Float32Array;
    tf.dispose([logp, latent]);
    const heat = new Canvas(SIZE, SIZE, view);
    heat.heatMap(logDensity.map(Math.exp), grid, viridis);
    await save('density.png', heat);
    io.out(`wrote ${written.join(', ')}`);
    return written;
  } finally {
    loaded.model.dispose();
  }
}

/** A square viewport around the data with a 10% margin. */
function viewportOf(xy: Float32Array): Viewport {
  let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const v of xy) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const margin = 0.1 * (hi - lo);
  return { xMin: lo - margin, xMax: hi + margin, yMin: lo - margin, yMax: hi + margin };
}
