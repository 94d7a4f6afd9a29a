import { evaluate } from '../evaluate.js';
import { OBJECTIVES } from '../objectives/index.js';
import type { EvalFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { dataOf, loadRun } from './model-files.js';
import { claimOutputFile } from './paths.js';
import { resolveData } from './run-files.js';

/**
 * `gen eval`: scores a trained model against fresh data: NLL (nats, bits/dim), MMD², energy distance, sliced
 * Wasserstein-2, and the cost of sampling; prints them and writes `<model>/eval.json` (`<stem>.eval.json` next to a
 * `<stem>.safetensors` model file, which needs `--data`).
 *
 * @remarks
 * Held-out data come from seed + 1 000 003, never a training seed. The sampling and likelihood solves use dopri5
 * with `--rtol`, `--atol` and `--max-steps`. It says on stderr what it is computing, since this takes seconds.
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
export async function evalCommand(flags: EvalFlags, io: CliIo): Promise<Awaited<ReturnType<typeof evaluate>>> {
  const loaded = await loadRun(flags.model, flags.backend, flags.objective);
  try {
    const data = await resolveData(dataOf(loaded, flags.data));
    const file = await claimOutputFile(loaded.outputPath('eval.json'), '--model', ['.json']);
    try {
      const heldOut = data.sample(flags.n, flags.seed + 1_000_003);
      const { field, timeSpan } = OBJECTIVES[loaded.objective].samplingField(loaded.model);
      io.err(
        `gen eval: sampling ${flags.n} points, then MMD², energy distance, sliced W2, and the NLL of ${flags.n} ` +
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
