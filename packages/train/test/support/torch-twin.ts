import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { decodeFloat32, type readSafetensors } from '../../src/io/safetensors/index.js';

/** The Python that has PyTorch where Debian's `python3-torch` is installed. */
export const PYTHON = '/usr/bin/python3';

/** The repository's `python/` folder (`gen_torch.py`, `make_fixtures.py`, `train_ddp.py`). */
export const PYTHON_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'python');

/**
 * Whether `python3 -c "import torch"` works here; when it does not, warns (naming the test file) that the PyTorch
 * side is skipped, so a skip is never silent.
 *
 * @param testFile - The file whose PyTorch tests depend on the answer, for the warning.
 * @returns True when PyTorch imports.
 */
export function torchAvailable(testFile: string): boolean {
  const ok = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 }).status === 0;
  if (!ok) console.warn(`${testFile}: SKIPPING the PyTorch round trip: "${PYTHON} -c 'import torch'" fails here.`);
  return ok;
}

/**
 * A tensor of a parsed safetensors file as float32 values.
 *
 * @param tensors - The file's tensors (`readSafetensors(...).tensors`).
 * @param name - The tensor's name; a missing one throws.
 * @returns Its values, converted to float32.
 */
export function float32(tensors: ReturnType<typeof readSafetensors>['tensors'], name: string): Float32Array {
  const tensor = tensors.get(name);
  if (tensor === undefined) throw new Error(`no tensor ${name}`);
  return decodeFloat32(tensor.dtype, tensor.bytes, name);
}

/**
 * The largest |a_i − b_i| of two arrays of the same length (asserted).
 *
 * @param a - One array.
 * @param b - The other.
 * @returns The maximum absolute difference (0 for empty arrays).
 */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}
