import { InvalidArgumentError } from '@gen/core';
import { mlpVectorField, saveMlpVectorField } from '../models/index.js';
import { assignWeights, train } from '../trainer.js';
import { numberFlag } from './args.js';
import type { CliIo } from './io.js';
import { cliObjective } from './objectives.js';
import { formatProgress } from './progress.js';
import { type RunRecord, resolveData } from './run-files.js';
import { selectBackend } from './select-backend.js';

/**
 * `gen train`: trains an MLP vector field on a data set with an objective, with a progress bar, and saves the model
 * (EMA weights when `--ema` is set) and its run record into `--out`.
 *
 * @param flags - `--data` (default moons), `--objective` (default ot-cfm), `--steps` (5000), `--batch` (256),
 *   `--lr` (1e-3), `--hidden` (256,256,256), `--ema` (0.999; 0 turns it off), `--seed` (0), `--out`
 *   (runs/<data>), `--backend` (auto), `--checkpoint-every`.
 * @param io - Output channels.
 * @returns The output folder.
 * @throws `InvalidArgumentError` naming the bad flag.
 * @example
 * ```ts
 * await trainCommand({ data: 'moons', steps: '500', out: 'runs/moons' }, io);
 * ```
 */
export async function trainCommand(flags: Record<string, string>, io: CliIo): Promise<string> {
  const { join } = await import('node:path');
  const { mkdir, writeFile } = await import('node:fs/promises');
  const dataName = flags.data ?? 'moons';
  const objectiveName = flags.objective ?? 'ot-cfm';
  const data = await resolveData(dataName);
  const objective = cliObjective(objectiveName);
  const steps = numberFlag(flags, 'steps', 5000, 'non-negative-integer');
  const batchSize = numberFlag(flags, 'batch', 256, 'positive-integer');
  const lr = numberFlag(flags, 'lr', 1e-3, 'positive');
  const seed = numberFlag(flags, 'seed', 0, 'non-negative-integer');
  const emaDecay = flags.ema === undefined ? 0.999 : Number(flags.ema);
  if (!(emaDecay >= 0 && emaDecay < 1))
    throw new InvalidArgumentError('--ema', 'a decay in [0, 1) (0 turns the EMA off)', flags.ema);
  const hidden = (flags.hidden ?? '256,256,256').split(',').map(Number);
  if (hidden.some((w) => !Number.isSafeInteger(w) || w < 1)) {
    throw new InvalidArgumentError('--hidden', 'comma-separated layer widths ≥ 1, e.g. 256,256,256', flags.hidden);
  }
  const out = flags.out ?? join('runs', dataName.replace(/[^\w.-]/g, '_'));
  const backend = await selectBackend(flags.backend);
  const model = mlpVectorField({ dim: data.dim, hidden, seed });
  io.err(
    `gen train: ${objectiveName} on ${dataName} (D = ${data.dim}), ${steps} steps, batch ${batchSize}, ${backend}\n`,
  );
  let lastDraw = 0;
  try {
    const checkpointEvery = flags['checkpoint-every'];
    const result = await train({
      model,
      data,
      objective,
      steps,
      batchSize,
      lr,
      seed,
      ...(emaDecay > 0 ? { ema: emaDecay } : {}),
      ...(checkpointEvery === undefined
        ? {}
        : {
            checkpointEvery: numberFlag(flags, 'checkpoint-every', 1, 'positive-integer'),
            checkpointDir: join(out, 'checkpoints'),
          }),
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastDraw > 100 || progress.step === progress.steps) {
          lastDraw = now;
          io.err(`\r${formatProgress(progress)}`);
        }
      },
    });
    io.err('\n');
    if (result.emaWeights !== undefined) assignWeights(model.variables, result.emaWeights);
    await mkdir(out, { recursive: true });
    await saveMlpVectorField(model, `file://${join(out, 'model')}`);
    const record: RunRecord = {
      data: dataName,
      objective: objectiveName,
      steps,
      seconds: result.seconds,
      finalLoss: result.losses.at(-1) ?? Number.NaN,
      backend,
    };
    await writeFile(join(out, 'run.json'), `${JSON.stringify({ ...record, losses: result.losses }, null, 1)}\n`);
    io.out(
      `trained ${steps} steps in ${result.seconds.toFixed(1)} s (final loss ${record.finalLoss.toFixed(4)}); model in ${out}`,
    );
    return out;
  } finally {
    model.dispose();
  }
}
