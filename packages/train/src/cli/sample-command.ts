import { toCsv, toNpy } from '../data/index.js';
import { numberFlag } from './args.js';
import type { CliIo } from './io.js';
import { drawSamples, loadRun } from './model-files.js';

/**
 * `gen sample`: draws samples from a trained model and writes them as CSV or NPY.
 *
 * @param flags - `--model` (runs/moons), `-n` (10000), `--method` (dopri5), `--steps` (fixed-step methods, 20),
 *   `--seed` (0), `--out` (<model>/samples.csv; `.npy` writes NumPy format), `--backend`.
 * @param io - Output channels.
 * @returns The output file.
 * @throws `InvalidArgumentError` naming the bad flag (missing model folder, unknown method, bad count).
 * @example
 * ```ts
 * await sampleCommand({ model: 'runs/moons', n: '10000', method: 'dopri5' }, io);
 * ```
 */
export async function sampleCommand(flags: Record<string, string>, io: CliIo): Promise<string> {
  const { join } = await import('node:path');
  const { writeFile } = await import('node:fs/promises');
  const n = numberFlag(flags, 'n', 10_000, 'positive-integer');
  const loaded = await loadRun(flags);
  try {
    const { x, nfe, seconds } = await drawSamples(loaded, n, flags);
    const out = flags.out ?? join(flags.model ?? 'runs/moons', 'samples.csv');
    await writeFile(out, out.endsWith('.npy') ? toNpy(x) : toCsv(x));
    x.dispose();
    io.out(
      `sampled ${n} points with ${flags.method ?? 'dopri5'} in ${seconds.toFixed(2)} s (${nfe} field evaluations); wrote ${out}`,
    );
    return out;
  } finally {
    loaded.model.dispose();
  }
}
