import { modelToSafetensors } from '../models/index.js';
import type { ExportFlags } from './command-options.js';
import type { CliIo } from './io.js';
import { isModelFile, loadRun } from './model-files.js';
import { claimOutputFile } from './paths.js';

/**
 * `gen export`: writes the model of a `gen train` folder as a `.safetensors` file, the format `loadModel` reads
 * in gen (Node or browser) and `python/gen_torch.py`'s `load_safetensors` reads in PyTorch.
 *
 * @remarks
 * The file holds the saved weights (the moving average when the run kept one) and, in its metadata, the model's
 * kind and config. It is written atomically; the output is claimed before the model is read.
 *
 * @param flags - The parsed options (see `gen export --help`).
 * @param io - Output channels.
 * @returns The written file.
 * @throws `InvalidArgumentError` naming `--model` (a missing or unreadable run) or `--out` (not `.safetensors`, or
 *   in an unwritable place).
 * @example
 * ```ts
 * await exportCommand({ model: 'runs/moons', out: 'moons.safetensors', backend: 'cpu' }, io);
 * ```
 */
export async function exportCommand(flags: ExportFlags, io: CliIo): Promise<string> {
  const { join } = await import('node:path');
  const target = flags.out ?? (isModelFile(flags.model) ? flags.model : join(flags.model, 'model.safetensors'));
  const file = await claimOutputFile(target, '--out', ['.safetensors']);
  try {
    const loaded = await loadRun(flags.model, flags.backend);
    try {
      await file.commit(await modelToSafetensors(loaded.model));
    } finally {
      loaded.model.dispose();
    }
    io.out(`exported ${flags.model} to ${file.path}`);
    return file.path;
  } finally {
    await file.abandon();
  }
}
