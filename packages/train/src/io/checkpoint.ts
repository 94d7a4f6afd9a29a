import { InvalidArgumentError } from '@gen/core';

/** Everything a training run needs to continue exactly where it stopped. */
export interface TrainingCheckpoint {
  /** Updates completed. */
  step: number;
  /** The loss of every completed update. */
  losses: number[];
  /** The model's variables, flattened, in `model.variables` order. */
  weights: Float32Array[];
  /** Adam's first moments. */
  adamM: Float32Array[];
  /** Adam's second moments. */
  adamV: Float32Array[];
  /** The EMA shadow weights, when the run keeps an EMA. */
  ema?: Float32Array[];
}

const LATEST = 'latest';

/**
 * Writes a checkpoint atomically into `dir`: a crash at any moment leaves the previous checkpoint intact.
 *
 * @remarks
 * The arrays go into one binary file and the layout into a JSON file, both written into a fresh
 * `step-<n>.tmp` folder that is then renamed to `step-<n>`; only then is the `latest` pointer replaced (written to a
 * temporary file and renamed, which is atomic on POSIX file systems), and older checkpoints are removed. A reader
 * follows `latest`, so it only ever sees complete checkpoints. Node only.
 *
 * @param dir - The checkpoint folder (created when missing).
 * @param checkpoint - The state to save.
 * @returns The path of the new checkpoint folder.
 * @example
 * ```ts
 * await writeCheckpoint('runs/moons/checkpoints', state);
 * ```
 */
export async function writeCheckpoint(dir: string, checkpoint: TrainingCheckpoint): Promise<string> {
  const { mkdir, rename, rm, writeFile, readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await mkdir(dir, { recursive: true });
  const name = `step-${checkpoint.step}`;
  const staging = join(dir, `${name}.tmp`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  const groups = {
    weights: checkpoint.weights,
    adamM: checkpoint.adamM,
    adamV: checkpoint.adamV,
    ema: checkpoint.ema ?? [],
  };
  const arrays = Object.values(groups).flat();
  const layout = Object.fromEntries(Object.entries(groups).map(([key, list]) => [key, list.map((a) => a.length)]));
  const bytes = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let offset = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  await writeFile(join(staging, 'tensors.bin'), bytes);
  const header = {
    format: 'gen-checkpoint',
    version: 1,
    step: checkpoint.step,
    losses: checkpoint.losses,
    layout,
    hasEma: checkpoint.ema !== undefined,
  };
  await writeFile(join(staging, 'checkpoint.json'), JSON.stringify(header));
  const final = join(dir, name);
  await rm(final, { recursive: true, force: true });
  await rename(staging, final);
  await writeFile(join(dir, `${LATEST}.tmp`), name);
  await rename(join(dir, `${LATEST}.tmp`), join(dir, LATEST));
  for (const entry of await readdir(dir)) {
    if (entry.startsWith('step-') && entry !== name) await rm(join(dir, entry), { recursive: true, force: true });
  }
  return final;
}

/**
 * Reads the latest complete checkpoint written by {@link writeCheckpoint}.
 *
 * @param dir - The checkpoint folder.
 * @returns The checkpoint.
 * @throws `InvalidArgumentError` naming `dir` when it holds no complete checkpoint.
 * @example
 * ```ts
 * const state = await readCheckpoint('runs/moons/checkpoints');
 * ```
 */
export async function readCheckpoint(dir: string): Promise<TrainingCheckpoint> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  let name: string;
  try {
    name = (await readFile(join(dir, LATEST), 'utf8')).trim();
  } catch {
    throw new InvalidArgumentError('resumeFrom', 'a folder holding a gen checkpoint (with a "latest" file)', dir);
  }
  const header = JSON.parse(await readFile(join(dir, name, 'checkpoint.json'), 'utf8')) as {
    step: number;
    losses: number[];
    layout: Record<'weights' | 'adamM' | 'adamV' | 'ema', number[]>;
    hasEma: boolean;
  };
  const raw = await readFile(join(dir, name, 'tensors.bin'));
  const floats = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  let offset = 0;
  const take = (lengths: number[]): Float32Array[] =>
    lengths.map((length) => {
      const slice = floats.slice(offset, offset + length);
      offset += length;
      return slice;
    });
  const weights = take(header.layout.weights);
  const adamM = take(header.layout.adamM);
  const adamV = take(header.layout.adamV);
  const ema = take(header.layout.ema);
  const checkpoint: TrainingCheckpoint = { step: header.step, losses: header.losses, weights, adamM, adamV };
  if (header.hasEma) checkpoint.ema = ema;
  return checkpoint;
}
