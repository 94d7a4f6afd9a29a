import { evaluate } from '../evaluate.js';
import { numberFlag } from './args.js';
import type { CliIo } from './io.js';
import { loadRun } from './model-files.js';
import { samplingField } from './objectives.js';
import { resolveData } from './run-files.js';

/**
 * `gen eval`: scores a trained model against fresh data: NLL (nats, bits/dim), MMD², energy distance, sliced
 * Wasserstein-2, and the cost of sampling; prints them and writes `<model>/eval.json`.
 *
 * @param flags - `--model` (runs/moons), `--data` (the run's data set), `-n` (2000 held-out points and samples),
 *   `--seed` (held-out data come from seed + 1 000 003, never a training seed), `--backend`.
 * @param io - Output channels.
 * @returns The report.
 * @throws `InvalidArgumentError` naming the bad flag.
 * @example
 * ```ts
 * await evalCommand({ model: 'runs/moons', data: 'moons' }, io);
 * ```
 */
export async function evalCommand(
  flags: Record<string, string>,
  io: CliIo,
): Promise<Awaited<ReturnType<typeof evaluate>>> {
  const { join } = await import('node:path');
  const { writeFile } = await import('node:fs/promises');
  const loaded = await loadRun(flags);
  const n = numberFlag(flags, 'n', 2000, 'positive-integer');
  const seed = numberFlag(flags, 'seed', 0, 'non-negative-integer');
  try {
    const data = await resolveData(flags.data ?? loaded.run.data);
    const heldOut = data.sample(n, seed + 1_000_003);
    const { field, timeSpan } = samplingField(loaded.model, loaded.run.objective);
    const report = await evaluate({ model: field, data: heldOut, seed, timeSpan }).finally(() => heldOut.dispose());
    io.out(
      `NLL ${report.nll?.toFixed(4)} nats (${report.bitsPerDim?.toFixed(4)} bits/dim), MMD² ${report.mmd2.toExponential(3)}, ` +
        `energy ${report.energyDistance.toFixed(4)}, sliced W2 ${report.slicedWasserstein.toFixed(4)}, ` +
        `sampling ${report.sampleNfe} field evaluations`,
    );
    await writeFile(join(flags.model ?? 'runs/moons', 'eval.json'), `${JSON.stringify(report, null, 1)}\n`);
    return report;
  } finally {
    loaded.model.dispose();
  }
}
