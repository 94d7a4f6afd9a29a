import { InvalidArgumentError } from '@gen/core';
import type { Dataset } from '../data/index.js';
import { readCheckpoint } from '../io/checkpoint.js';
import { type GenModel, loadModel, saveModel } from '../models/index.js';
import { OBJECTIVES, type Objective } from '../objectives/index.js';
import { assignWeights, train } from '../trainer.js';
import { DEFAULT_BATCH, type TrainFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { chooseModel, type ModelChoice, UNET_FLAGS } from './model-choice.js';
import { isModelFile, sampleShapeOf } from './model-files.js';
import { clip } from './option-types.js';
import { requireFile } from './paths.js';
import { progressReporter } from './progress.js';
import { asInputError, isImageData, type RunRecord, resolveData } from './run-files.js';
import { openRunFolder, type RunFolder, type RunSettings } from './run-folder.js';
import { selectBackend } from './select-backend.js';
import { checkOtBatch } from './sizes.js';

/**
 * `gen train`: trains a vector field on a data set with an objective — an MLP on points, a U-Net on images
 * (class-conditional on labelled images, with label dropout for guidance) — with progress on stderr, checkpoints,
 * and saves the model (EMA weights when `--ema` > 0) and its run record into `--out`.
 *
 * @remarks
 * Everything that can be checked is checked before the first update: the options, the model's size, the data,
 * the backend, and the output folder (created level by level, locked against a second `gen train`, refused when
 * it holds a run unless `--resume` or `--force`; see `openRunFolder`). A checkpoint is written every
 * `--checkpoint-every` updates and at the end, so a killed run continues with `--resume` and ends with the same
 * weights, bit for bit, as an uninterrupted one. The model and run.json are written atomically (renamed into
 * place).
 *
 * `--init-from file.safetensors` fine-tunes: the model starts from the file's weights and architecture (an
 * explicit `--hidden` that differs, or any U-Net architecture flag, is refused); the file's path and SHA-256 go into train.json, so `--resume`
 * refuses another file, and its path into run.json.
 *
 * @param flags - The parsed options (see `gen train --help`).
 * @param io - Output channels.
 * @param given - Which options were written on the command line (an explicit `--hidden` must match
 *   `--init-from`'s model).
 * @returns The output folder.
 * @throws `InvalidArgumentError` naming the bad option, folder or file; `NumericalError` when the loss becomes
 *   non-finite.
 * @example
 * ```ts
 * await trainCommand({ ...defaults, steps: 500, out: 'runs/moons' }, io);
 * ```
 */
export async function trainCommand(
  flags: TrainFlags,
  io: CliIo,
  given: ReadonlySet<keyof TrainFlags> = new Set(),
): Promise<string> {
  const { join } = await import('node:path');
  const objective = OBJECTIVES[flags.objective].create();
  const data = await resolveData(flags.data, undefined, flags.labels);
  const choice = chooseModel(flags, given, data);
  const batch = flags.batch ?? (isImageData(data) ? DEFAULT_BATCH.images : DEFAULT_BATCH.points);
  checkOtBatch(batch, flags.objective);
  const out = flags.out ?? join('runs', flags.data.replace(/[^\w.-]/g, '_'));
  const backend = await selectBackend(flags.backend);
  const init = flags.initFrom === undefined ? undefined : await loadInitialModel(flags.initFrom, choice, data.shape);
  const model = init?.model ?? choice.build();
  try {
    const architecture = init === undefined ? choice.settings : architectureOf(init.model, flags, given);
    const settings: RunSettings = {
      data: flags.data,
      ...(flags.labels === undefined ? {} : { labels: flags.labels }),
      objective: flags.objective,
      batch,
      lr: flags.lr,
      ...architecture,
      ema: flags.ema,
      seed: flags.seed,
      ...(init === undefined ? {} : { initFrom: init.path, initSha256: init.sha256 }),
    };
    const folder = await openRunFolder(out, flags, settings);
    try {
      return await trainInto(folder, { ...flags, batch }, { data, objective, backend, model, choice }, io);
    } finally {
      await folder.release();
    }
  } finally {
    model.dispose();
  }
}

/**
 * The architecture settings of an `--init-from` model: its own (an explicit `--hidden` must match an MLP's widths;
 * a U-Net's architecture flags are refused, since the file decides them).
 */
function architectureOf(
  model: GenModel,
  flags: TrainFlags,
  given: ReadonlySet<keyof TrainFlags>,
): Record<string, unknown> {
  if ('imageShape' in model.config) {
    for (const [key, flag] of Object.entries(UNET_FLAGS) as [keyof typeof UNET_FLAGS, string][]) {
      if (given.has(key)) {
        throw new InvalidArgumentError(
          flag,
          "no U-Net option with --init-from (the file's architecture is used)",
          'given',
        );
      }
    }
    const { seed: _seed, ...unet } = model.config;
    return { model: 'unet', unet };
  }
  const hidden = [...model.config.hidden];
  if (given.has('hidden') && JSON.stringify(hidden) !== JSON.stringify(flags.hidden)) {
    throw new InvalidArgumentError(
      '--hidden',
      `the widths of --init-from's model (${hidden.join(',')}), or no --hidden`,
      flags.hidden.join(','),
    );
  }
  return { hidden };
}

/** Loads the `--init-from` model file, checking it fits the data; returns it with its path and SHA-256. */
async function loadInitialModel(
  path: string,
  choice: ModelChoice,
  shape: readonly number[],
): Promise<{ model: GenModel; path: string; sha256: string }> {
  const { readFile } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const expected = 'a readable .safetensors model file';
  if (!isModelFile(path)) throw new InvalidArgumentError('--init-from', expected, clip(path));
  await requireFile(path, '--init-from', expected);
  let model: GenModel;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
    model = await loadModel(bytes);
  } catch (error) {
    throw asInputError(error, '--init-from', expected, path);
  }
  const modelShape = sampleShapeOf(model);
  const kind = 'imageShape' in model.config ? 'unet' : 'mlp';
  const classes = (model as { classes?: number }).classes;
  if (kind !== choice.kind || modelShape.join() !== shape.join() || classes !== choice.classes) {
    model.dispose();
    const describe = (k: string, s: readonly number[], c: number | undefined) =>
      `${k === 'unet' ? `a unet on [${s.join(', ')}]` : `an mlp of dimension ${s[0]}`}${c === undefined ? '' : ` with ${c} classes`}`;
    throw new InvalidArgumentError(
      '--init-from',
      `${describe(choice.kind, shape, choice.classes)} (the data's)`,
      describe(kind, modelShape, classes),
    );
  }
  return { model, path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Trains into a locked run folder and saves the model and run.json there (atomically), then finishes the folder. */
async function trainInto(
  folder: RunFolder,
  flags: TrainFlags,
  setup: { data: Dataset; objective: Objective; backend: string; model: GenModel; choice: ModelChoice },
  io: CliIo,
): Promise<string> {
  const { join } = await import('node:path');
  const { rename, rm, writeFile } = await import('node:fs/promises');
  const { data, objective, backend, model, choice } = setup;
  const batch = flags.batch as number;
  const out = folder.out;
  const progress = progressReporter(io);
  {
    const checkpointDir = join(folder.work, 'checkpoints');
    let resumedAt = 0;
    if (folder.resumeFrom !== undefined) {
      const checkpoint = await readCheckpoint(folder.resumeFrom).catch((error: unknown) => {
        throw asInputError(error, '--resume', 'a readable checkpoint', folder.resumeFrom as string);
      });
      if (checkpoint.step > flags.steps) {
        throw new InvalidArgumentError(
          '--steps',
          `at least the ${checkpoint.step} updates the run in --out has done`,
          flags.steps,
        );
      }
      resumedAt = checkpoint.step;
      io.err(`gen train: resuming ${out} from update ${checkpoint.step}\n`);
    }
    const shape = isImageData(data) ? `${data.shape.join('×')} images` : `D = ${data.dim}`;
    const what = `${choice.kind}${choice.classes === undefined ? '' : `, ${choice.classes} classes, label dropout ${choice.labelDropout}`}`;
    io.err(
      `gen train: ${flags.objective} on ${flags.data} (${shape}; ${what}), ${flags.steps} steps, batch ${batch}, ${backend}` +
        `${flags.initFrom === undefined ? '' : `, from ${flags.initFrom}`}\n`,
    );
    const result = await train({
      model,
      data,
      objective,
      steps: flags.steps,
      batchSize: batch,
      ...(choice.classes === undefined ? {} : { labelDropout: choice.labelDropout }),
      lr: flags.lr,
      seed: flags.seed,
      ...(flags.ema > 0 ? { ema: flags.ema } : {}),
      checkpointEvery: flags.checkpointEvery,
      checkpointDir,
      ...(folder.resumeFrom === undefined ? {} : { resumeFrom: folder.resumeFrom }),
      onProgress: (state) => progress.update(state),
    }).finally(() => progress.end());
    if (result.emaWeights !== undefined) assignWeights(model.variables, result.emaWeights);
    const modelDir = join(folder.work, 'model');
    await rm(`${modelDir}.partial`, { recursive: true, force: true });
    await saveModel(model, `file://${modelDir}.partial`);
    await rm(modelDir, { recursive: true, force: true });
    await rename(`${modelDir}.partial`, modelDir);
    const record: RunRecord = {
      data: flags.data,
      objective: flags.objective,
      steps: flags.steps,
      seconds: result.seconds,
      finalLoss: result.losses.at(-1) ?? Number.NaN,
      backend,
      ...(flags.initFrom === undefined ? {} : { initFrom: flags.initFrom }),
      model: 'imageShape' in model.config ? 'unet' : 'mlp',
      ...('imageShape' in model.config ? { imageShape: [...model.config.imageShape] } : {}),
      ...(model.classes === undefined ? {} : { classes: model.classes }),
    };
    const runFile = join(folder.work, 'run.json');
    await writeFile(`${runFile}.partial`, `${JSON.stringify({ ...record, losses: result.losses }, null, 1)}\n`);
    await rename(`${runFile}.partial`, runFile);
    await folder.finish();
    io.out(
      `trained ${flags.steps} steps${resumedAt > 0 ? ` (${flags.steps - resumedAt} after resuming)` : ''} in ` +
        `${result.seconds.toFixed(1)} s (final loss ${record.finalLoss.toFixed(4)}); model in ${out}`,
    );
    return out;
  }
}
