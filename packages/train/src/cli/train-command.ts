import { InvalidArgumentError } from '@gen/core';
import type { Dataset } from '../data/index.js';
import { readCheckpoint } from '../io/checkpoint.js';
import { loadModel, type MlpVectorField, mlpVectorField, saveMlpVectorField } from '../models/index.js';
import { OBJECTIVES, type Objective } from '../objectives/index.js';
import { assignWeights, train } from '../trainer.js';
import type { TrainFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { isModelFile, mlpOnly } from './model-files.js';
import { clip } from './option-types.js';
import { requireFile } from './paths.js';
import { progressReporter } from './progress.js';
import { asInputError, type RunRecord, resolveData } from './run-files.js';
import { openRunFolder, type RunFolder, type RunSettings } from './run-folder.js';
import { selectBackend } from './select-backend.js';
import { checkModelSize, checkOtBatch } from './sizes.js';

/**
 * `gen train`: trains an MLP vector field on a data set with an objective, with progress on stderr, checkpoints,
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
 * explicit `--hidden` that differs is refused); the file's path and SHA-256 go into train.json, so `--resume`
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
  checkOtBatch(flags.batch, flags.objective);
  const data = await resolveData(flags.data);
  if (flags.initFrom === undefined) checkModelSize(data.dim, flags.hidden);
  const out = flags.out ?? join('runs', flags.data.replace(/[^\w.-]/g, '_'));
  const backend = await selectBackend(flags.backend);
  const init = flags.initFrom === undefined ? undefined : await loadInitialModel(flags.initFrom, data.dim);
  const model = init?.model ?? mlpVectorField({ dim: data.dim, hidden: flags.hidden, seed: flags.seed });
  try {
    const hidden = [...model.config.hidden];
    if (given.has('hidden') && JSON.stringify(hidden) !== JSON.stringify(flags.hidden)) {
      throw new InvalidArgumentError(
        '--hidden',
        `the widths of --init-from's model (${hidden.join(',')}), or no --hidden`,
        flags.hidden.join(','),
      );
    }
    const settings: RunSettings = {
      data: flags.data,
      objective: flags.objective,
      batch: flags.batch,
      lr: flags.lr,
      hidden,
      ema: flags.ema,
      seed: flags.seed,
      ...(init === undefined ? {} : { initFrom: init.path, initSha256: init.sha256 }),
    };
    const folder = await openRunFolder(out, flags, settings);
    try {
      return await trainInto(folder, flags, { data, objective, backend, model }, io);
    } finally {
      await folder.release();
    }
  } finally {
    model.dispose();
  }
}

/** Loads the `--init-from` model file, checking it fits the data; returns it with its path and SHA-256. */
async function loadInitialModel(
  path: string,
  dim: number,
): Promise<{ model: MlpVectorField; path: string; sha256: string }> {
  const { readFile } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const expected = 'a readable .safetensors model file';
  if (!isModelFile(path)) throw new InvalidArgumentError('--init-from', expected, clip(path));
  await requireFile(path, '--init-from', expected);
  let model: MlpVectorField;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
    model = mlpOnly(await loadModel(bytes), '--init-from');
  } catch (error) {
    throw asInputError(error, '--init-from', expected, path);
  }
  if (model.config.dim !== dim) {
    model.dispose();
    throw new InvalidArgumentError(
      '--init-from',
      `a model of the data's dimension ${dim}`,
      `dimension ${model.config.dim}`,
    );
  }
  return { model, path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Trains into a locked run folder and saves the model and run.json there (atomically), then finishes the folder. */
async function trainInto(
  folder: RunFolder,
  flags: TrainFlags,
  setup: { data: Dataset; objective: Objective; backend: string; model: MlpVectorField },
  io: CliIo,
): Promise<string> {
  const { join } = await import('node:path');
  const { rename, rm, writeFile } = await import('node:fs/promises');
  const { data, objective, backend, model } = setup;
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
    io.err(
      `gen train: ${flags.objective} on ${flags.data} (D = ${data.dim}), ${flags.steps} steps, batch ${flags.batch}, ${backend}` +
        `${flags.initFrom === undefined ? '' : `, from ${flags.initFrom}`}\n`,
    );
    const result = await train({
      model,
      data,
      objective,
      steps: flags.steps,
      batchSize: flags.batch,
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
    await saveMlpVectorField(model, `file://${modelDir}.partial`);
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
