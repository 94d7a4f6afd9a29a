import { InvalidArgumentError } from '@gen/core';
import { evaluate } from '../evaluate.js';
import { evaluateImages, type ImageEvaluationReport } from '../evaluation/evaluate-images.js';
import { imageBitsPerDim } from '../evaluation/image-bits-per-dim.js';
import { OBJECTIVES } from '../objectives/index.js';
import { DEFAULT_COUNTS, type EvalFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { dataOf, isImageModel, type LoadedRun, loadRun, sampleShapeOf } from './model-files.js';
import { claimOutputFile } from './paths.js';
import { isImageData, resolveData } from './run-files.js';

/**
 * `gen eval`: scores a trained model against fresh data: NLL (nats, bits/dim), MMD², energy distance, sliced
 * Wasserstein-2, and the cost of sampling; prints them and writes `<model>/eval.json` (`<stem>.eval.json` next to a
 * `<stem>.safetensors` model file, which needs `--data`).
 *
 * @remarks
 * Held-out data come from seed + 1 000 003, never a training seed. The sampling and likelihood solves use dopri5
 * with `--rtol`, `--atol` and `--max-steps`. It says on stderr what it is computing, since this takes seconds.
 *
 * Image models are scored on the first `-n` images of the held-out data (the test split of mnist and
 * fashion-mnist; the images themselves for a `.npy` or PNG folder): bits/dim (`imageBitsPerDim`: uniform
 * dequantisation, the [−1, 1] offset, Hutchinson's divergence estimate), and for 28×28×1 images the shipped MNIST
 * classifier's scores of `-n` samples (`evaluateImages`): the Fréchet distance of its features and, for a
 * class-conditional flow model, its accuracy on the samples' classes.
 *
 * @param flags - The parsed options (see `gen eval --help`).
 * @param io - Output channels.
 * @returns The report.
 * @throws `InvalidArgumentError` naming the bad option; `NumericalError` when a solve fails.
 * @example
 * ```ts
 * await evalCommand({ ...defaults, model: 'runs/moons' }, io);
 * ```
 */
export async function evalCommand(
  flags: EvalFlags,
  io: CliIo,
): Promise<Awaited<ReturnType<typeof evaluate>> | Partial<ImageEvaluationReport>> {
  const loaded = await loadRun(flags.model, flags.backend, flags.objective);
  try {
    if (isImageModel(loaded.model)) return await evalImages(loaded, flags, io);
    const n = flags.n ?? DEFAULT_COUNTS.eval.points;
    const data = await resolveData(dataOf(loaded, flags.data));
    const file = await claimOutputFile(loaded.outputPath('eval.json'), '--model', ['.json']);
    try {
      const heldOut = data.sample(n, flags.seed + 1_000_003);
      const { field, timeSpan } = OBJECTIVES[loaded.objective].samplingField(loaded.model);
      io.err(
        `gen eval: sampling ${n} points, then MMD², energy distance, sliced W2, and the NLL of ${n} ` +
          'held-out points (one likelihood solve)…\n',
      );
      const started = performance.now();
      const solver = { rtol: flags.rtol, atol: flags.atol, maxSteps: flags.maxSteps };
      const report = await evaluate({ model: field, data: heldOut, seed: flags.seed, timeSpan, solver }).finally(() =>
        heldOut.dispose(),
      );
      io.err(`gen eval: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      io.out(
        `NLL ${report.nll?.toFixed(4)} nats (${report.bitsPerDim?.toFixed(4)} bits/dim), MMD² ${report.mmd2.toExponential(3)}, ` +
          `energy ${report.energyDistance.toFixed(4)}, sliced W2 ${report.slicedWasserstein.toFixed(4)}, ` +
          `sampling ${report.sampleNfe} field evaluations`,
      );
      await file.commit(`${JSON.stringify(report, null, 1)}\n`);
      return report;
    } finally {
      await file.abandon();
    }
  } finally {
    loaded.model.dispose();
  }
}

/** `gen eval` of an image model: bits/dim, and the MNIST classifier's scores for 28×28×1 images. */
async function evalImages(loaded: LoadedRun, flags: EvalFlags, io: CliIo): Promise<Partial<ImageEvaluationReport>> {
  const shape = sampleShapeOf(loaded.model);
  const data = await resolveData(dataOf(loaded, flags.data), 'test');
  if (!isImageData(data) || data.shape.join() !== shape.join()) {
    throw new InvalidArgumentError('--data', `images of shape [${shape.join(', ')}] (the model's)`, data.shape);
  }
  const file = await claimOutputFile(loaded.outputPath('eval.json'), '--model', ['.json']);
  try {
    const images = Math.min(flags.n ?? DEFAULT_COUNTS.eval.images, data.size);
    const { field, timeSpan } = OBJECTIVES[loaded.objective].samplingField(loaded.model);
    // A flow's field is the model itself, so evaluateImages samples a class-conditional one class by class.
    const model = field;
    const solver = { rtol: flags.rtol, atol: flags.atol, maxSteps: flags.maxSteps };
    const likelihood = { images, seed: flags.seed, ...solver };
    const scored = shape.join() === '28,28,1';
    io.err(
      `gen eval: bits/dim of ${images} held-out images (one likelihood solve per 100)` +
        `${scored ? `, then ${images} samples scored by the MNIST classifier` : ''}…\n`,
    );
    const started = performance.now();
    const report: Partial<ImageEvaluationReport> = await (scored
      ? evaluateImages(model, data, { samples: Math.max(images, 2), seed: flags.seed, solver, timeSpan, likelihood })
      : imageBitsPerDim(model, data, { ...likelihood, timeSpan }).then((r) => ({
          bitsPerDim: r.bitsPerDim,
          bitsPerDimStandardError: r.standardError,
          likelihoodNfe: r.nfe,
        }))
    ).catch((error: unknown) => {
      // The data's own faults (e.g. float pixels that are not 8-bit levels) are the --data the user named.
      if (!InvalidArgumentError.isInstance(error) || !error.parameter.startsWith('data')) throw error;
      throw new InvalidArgumentError('--data', error.expected, error.received, 'Bits/dim is defined for 8-bit images.');
    });
    io.err(`gen eval: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const parts = [
      `bits/dim ${report.bitsPerDim?.toFixed(4)} ± ${report.bitsPerDimStandardError?.toFixed(4)} (${images} images)`,
      ...(report.classifierAccuracy === undefined
        ? []
        : [`classifier accuracy ${report.classifierAccuracy.toFixed(3)}`]),
      ...(report.frechetDistance === undefined ? [] : [`Fréchet distance ${report.frechetDistance.toFixed(3)}`]),
      ...(report.sampleNfe === undefined ? [] : [`sampling ${report.sampleNfe} field evaluations`]),
    ];
    io.out(parts.join(', '));
    await file.commit(`${JSON.stringify(report, null, 1)}\n`);
    return report;
  } finally {
    await file.abandon();
  }
}
