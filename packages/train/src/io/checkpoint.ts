import { InvalidArgumentError } from '@gen/core';
import { createFolder, invalidFile, nodeModules, readInputFile } from './files.js';

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
/** The format version written: 2 adds the checksum; version 1 (without it) is still read. */
const VERSION = 2;
/** What a `latest` pointer may name. */
const STEP_FOLDER = /^step-\d{1,15}$/;
/** The header fields of version 1, in the order written; version 2 adds `checksum` at the end. */
const HEADER_KEYS = ['format', 'version', 'step', 'losses', 'layout', 'hasEma'] as const;
const GROUPS = ['weights', 'adamM', 'adamV', 'ema'] as const;

/** The content of `checkpoint.json`. */
interface CheckpointHeader {
  step: number;
  losses: number[];
  layout: Record<(typeof GROUPS)[number], number[]>;
  hasEma: boolean;
  checksum?: string;
}

/**
 * Writes a checkpoint atomically into `dir`: a crash at any moment leaves the previous checkpoint intact.
 *
 * @remarks
 * The arrays go into one binary file (`tensors.bin`, float32 little-endian) and the layout into a JSON file
 * (`checkpoint.json`, format version 2, with a SHA-256 checksum of both), written into a fresh `step-<n>.tmp` folder
 * that is then renamed to `step-<n>`; only then is the `latest` pointer replaced (written to a temporary file and
 * renamed, which is atomic on POSIX file systems), and older checkpoints are removed. A reader follows `latest`, so
 * it only ever sees complete checkpoints. Node only.
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
  const { fs, nodePath } = await nodeModules();
  const { mkdir, rename, rm, writeFile, readdir } = fs;
  const { join } = nodePath;
  await createFolder(dir, 'checkpointDir');
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
    version: VERSION,
    step: checkpoint.step,
    losses: checkpoint.losses,
    layout,
    hasEma: checkpoint.ema !== undefined,
  };
  const checksum = await digest(bytes, JSON.stringify(header));
  await writeFile(join(staging, 'checkpoint.json'), JSON.stringify({ ...header, checksum }));
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
 * @remarks
 * Everything is checked before it is used: `latest` must name a `step-<n>` folder (nothing else, so it cannot
 * lead out of `dir`); `checkpoint.json` must be a version 1 or 2 header with exactly its fields, `losses` one finite
 * number per step, Adam's moments (and the EMA weights, when present) laid out like the weights; `tensors.bin` must
 * hold exactly the float32 values the layout describes; and a version 2 checkpoint's checksum must match, so a
 * flipped bit anywhere is reported rather than trained on. Messages echo at most 80 characters of a file. Node only.
 *
 * @param dir - The checkpoint folder.
 * @returns The checkpoint.
 * @throws `InvalidArgumentError` naming `resumeFrom` when `dir` holds no checkpoint, or (with the offending file's
 *   path and what is wrong) when a file is missing, unreadable or damaged.
 * @example
 * ```ts
 * const state = await readCheckpoint('runs/moons/checkpoints');
 * ```
 */
export async function readCheckpoint(dir: string): Promise<TrainingCheckpoint> {
  const { join } = (await nodeModules()).nodePath;
  const latestFile = join(dir, LATEST);
  const pointer = await readInputFile(latestFile, 'resumeFrom', 1024).catch(() => {
    throw new InvalidArgumentError('resumeFrom', 'a folder holding a gen checkpoint (with a "latest" file)', dir);
  });
  const name = new TextDecoder().decode(pointer).trim();
  if (!STEP_FOLDER.test(name)) {
    throw invalidFile('resumeFrom', latestFile, 'a "latest" file naming a step-<n> folder', name);
  }
  const headerFile = join(dir, name, 'checkpoint.json');
  const text = new TextDecoder().decode(await readInputFile(headerFile, 'resumeFrom'));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidFile('resumeFrom', headerFile, 'a checkpoint.json holding JSON', text);
  }
  const header = checkHeader(json, headerFile);
  const tensorsFile = join(dir, name, 'tensors.bin');
  const raw = await readInputFile(tensorsFile, 'resumeFrom');
  const count = GROUPS.reduce((n, group) => n + header.layout[group].reduce((a, b) => a + b, 0), 0);
  if (raw.byteLength !== 4 * count) {
    throw invalidFile(
      'resumeFrom',
      tensorsFile,
      `${4 * count} bytes (${count} float32 values)`,
      `${raw.byteLength} bytes`,
    );
  }
  if (header.checksum !== undefined) {
    const { checksum, ...rest } = json as CheckpointHeader;
    if ((await digest(raw, JSON.stringify(rest))) !== checksum) {
      throw invalidFile(
        'resumeFrom',
        join(dir, name),
        'tensors.bin and checkpoint.json matching the checksum in checkpoint.json',
        'a mismatch (a damaged or edited file)',
      );
    }
  }
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

/** `json` checked to be a version 1 or 2 checkpoint header whose parts fit together. */
function checkHeader(json: unknown, file: string): CheckpointHeader {
  const fail = (expected: string, received: unknown): never => {
    throw invalidFile('resumeFrom', file, expected, received);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('a checkpoint header (a JSON object)', json);
  const header = json as Record<string, unknown>;
  if (header.format !== 'gen-checkpoint') fail('format "gen-checkpoint"', header.format);
  if (header.version !== 1 && header.version !== VERSION) fail(`version 1 or ${VERSION}`, header.version);
  const keys: readonly string[] = header.version === 1 ? HEADER_KEYS : [...HEADER_KEYS, 'checksum'];
  const present = Object.keys(header);
  if (present.length !== keys.length || !keys.every((key) => Object.hasOwn(header, key))) {
    fail(`the keys ${keys.join(', ')}`, present.join(', '));
  }
  const { step, losses, layout, hasEma, checksum } = header;
  if (!Number.isSafeInteger(step) || (step as number) < 0) fail('step: an integer ≥ 0', step);
  if (!Array.isArray(losses) || losses.length !== step || !losses.every((l) => Number.isFinite(l))) {
    fail(`losses: ${step} finite numbers (one per update)`, losses);
  }
  const sizes = (value: unknown) => Array.isArray(value) && value.every((n) => Number.isSafeInteger(n) && n >= 0);
  const groups = layout as Record<string, unknown>;
  if (typeof layout !== 'object' || layout === null || !GROUPS.every((group) => sizes(groups[group]))) {
    fail('layout: arrays weights, adamM, adamV and ema of sizes (integers ≥ 0)', layout);
  }
  if (typeof hasEma !== 'boolean') fail('hasEma: true or false', hasEma);
  if (checksum !== undefined && (typeof checksum !== 'string' || !/^[0-9a-f]{64}$/.test(checksum))) {
    fail('checksum: 64 hexadecimal digits', checksum);
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(groups.adamM, groups.weights) || !same(groups.adamV, groups.weights)) {
    const shown = ['weights', 'adamM', 'adamV'].map((group) => `${group} ${JSON.stringify(groups[group])}`);
    fail('optimizer state (layout.adamM, layout.adamV) laid out like layout.weights', shown.join(', '));
  }
  if (!same(groups.ema, hasEma ? groups.weights : [])) {
    fail(
      hasEma ? 'EMA weights (layout.ema) laid out like layout.weights' : 'no EMA weights (hasEma false)',
      groups.ema,
    );
  }
  return header as unknown as CheckpointHeader;
}

/** The part of `node:crypto` the checksum uses. */
interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeHash;
}

/** A running hash of `node:crypto`. */
interface NodeHash {
  update(data: Uint8Array | string): NodeHash;
  digest(encoding: 'hex'): string;
}

/**
 * The SHA-256 of the tensors followed by the header text, in hexadecimal. `node:crypto` is imported by a name that
 * bundlers leave alone, as the file system is (see `nodeModules`), so the trainer that imports this module loads in
 * a browser.
 */
async function digest(tensors: Uint8Array, headerText: string): Promise<string> {
  const name = 'node:crypto';
  const { createHash } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as NodeCrypto;
  return createHash('sha256').update(tensors).update(headerText).digest('hex');
}
