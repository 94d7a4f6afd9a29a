import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpoint, type TrainingCheckpoint, writeCheckpoint } from '../src/io/checkpoint.js';

function state(step: number): TrainingCheckpoint {
  return {
    step,
    losses: Array.from({ length: step }, (_, i) => 1 / (i + 1)),
    weights: [Float32Array.from([step, 2, 3]), Float32Array.from([Math.PI])],
    adamM: [Float32Array.from([0.1, 0.2, 0.3]), Float32Array.from([0.4])],
    adamV: [Float32Array.from([1e-3, 2e-3, 3e-3]), Float32Array.from([4e-3])],
    ema: [Float32Array.from([9, 8, 7]), Float32Array.from([6])],
  };
}

describe('checkpoints', () => {
  it('round-trip every array bit for bit and keep only the latest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-ckpt-'));
    await writeCheckpoint(dir, state(3));
    await writeCheckpoint(dir, state(7));
    const read = await readCheckpoint(dir);
    expect(read).toEqual(state(7));
    expect((await readdir(dir)).sort()).toEqual(['latest', 'step-7']);
  });

  it('a crash mid-write leaves the last good checkpoint readable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-ckpt-'));
    await writeCheckpoint(dir, state(5));
    // A writer that died after staging part of step 6: a partial .tmp folder and a half-written pointer.
    await mkdir(join(dir, 'step-6.tmp'));
    await writeFile(join(dir, 'step-6.tmp', 'tensors.bin'), new Uint8Array(3));
    await writeFile(join(dir, 'latest.tmp'), 'step-');
    expect(await readCheckpoint(dir)).toEqual(state(5));
    await writeCheckpoint(dir, state(6));
    expect((await readCheckpoint(dir)).step).toBe(6);
  });

  it('says clearly when a folder holds no checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-ckpt-'));
    await expect(readCheckpoint(dir)).rejects.toThrow(/"resumeFrom": expected a folder holding a gen checkpoint/);
  });
});
