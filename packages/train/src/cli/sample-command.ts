import { InvalidArgumentError } from '@gen/core';
import { getSampler } from '@gen/sde';
import { toCsv, toNpy } from '../data/index.js';
import type { SampleFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { drawSamples, loadRun } from './model-files.js';
import { claimOutputFile } from './paths.js';

/**
 * `gen sample`: draws samples from a trained model with any sampler of `@gen/sde`'s `SAMPLERS` and writes them as
 * CSV or NPY.
 *
 * @remarks
 * The output file is claimed (extension, folder, writability) before anything is sampled.
 * A fixed-step sampler (euler, rk4, …, and for dsm models reverse-sde, pc, ddim, dpm-solver++) takes exactly
 * `--steps` steps (default the method's); an adaptive one uses `--rtol`, `--atol` and `--max-steps`; giving the
 * other kind's options is an error rather than silently ignored, and so is a diffusion sampler for a flow model.
 *
 * @param flags - The parsed options (see `gen sample --help`).
 * @param given - Which options were written on the command line.
 * @param io - Output channels.
 * @returns The output file.
 * @throws `InvalidArgumentError` naming the bad option (a missing model folder, an `--out` other than .csv/.npy or
 *   in an unwritable place, solver options that do not fit the method); `NumericalError` when the solve fails.
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
    const file = await claimOutputFile(flags.out ?? loaded.outputPath('samples.csv'), '--out', ['.csv', '.npy']);
    try {
      io.err(`gen sample: ${flags.n} points with ${flags.method}…\n`);
      const { method, steps, rtol, atol, maxSteps } = flags;
      const solver = { method, ...definedOnly({ steps, rtol, atol, maxSteps }) };
      const { x, nfe, seconds } = await drawSamples(loaded, flags.n, solver, flags.seed);
      try {
        await file.commit(file.path.toLowerCase().endsWith('.npy') ? toNpy(x) : toCsv(x));
      } finally {
        x.dispose();
      }
      io.out(
        `sampled ${flags.n} points with ${flags.method} in ${seconds.toFixed(2)} s (${nfe} field evaluations); wrote ${file.path}`,
      );
      return file.path;
    } finally {
      await file.abandon();
    }
  } finally {
    loaded.model.dispose();
  }
}

/** The entries whose value is defined (the options given on the command line). */
function definedOnly<T extends Record<string, number | undefined>>(values: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
}
