import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, type TrainingCheckpoint, writeCheckpoint } from '../../src/io/checkpoint.js';
import { train } from '../../src/trainer.js';
import { gaussianData, linearField, regressionObjective } from '../fixtures/linear-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

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

  it('refuses a folder that cannot be made (a file in the way, /proc) with a typed error, before any update', async () => {
    // Node's mkdir(…, { recursive: true }) never returns on /proc/<name>/…: these used to hang at 100% CPU.
    const dir = await mkdtemp(join(tmpdir(), 'gen-ckpt-'));
    await writeFile(join(dir, 'file'), 'x');
    for (const bad of [join(dir, 'file', 'ckpt'), '/proc/gen-no-such/ckpt']) {
      await expect(writeCheckpoint(bad, state(1))).rejects.toSatisfy(
        (e) => InvalidArgumentError.isInstance(e) && (e as Error).message.includes('"checkpointDir"'),
      );
      const model = linearField();
      let updates = 0;
      await expectNoLeaks(async () => {
        await expect(
          train({
            model,
            data: gaussianData,
            objective: regressionObjective,
            steps: 3,
            batchSize: 4,
            checkpointEvery: 1,
            checkpointDir: bad,
            onProgress: () => {
              updates += 1;
            },
          }),
        ).rejects.toThrow(/"options\.checkpointDir"/);
      });
      expect(updates).toBe(0);
      model.dispose();
    }
  });

  it('says clearly when a folder holds no checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-ckpt-'));
    await expect(readCheckpoint(dir)).rejects.toThrow(/"resumeFrom": expected a folder holding a gen checkpoint/);
  });
});

/** What reading `dir` rejected with, checked to be an InvalidArgumentError naming resumeFrom, bounded in length. */
async function readError(dir: string): Promise<InvalidArgumentError> {
  const error = await readCheckpoint(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!InvalidArgumentError.isInstance(error)) throw new Error(`expected an InvalidArgumentError, got ${error}`);
  expect(error.parameter).toBe('resumeFrom');
  expect(error.message.length).toBeLessThan(600);
  return error;
}

describe('damaged checkpoints (issue 12)', () => {
  /** A fresh checkpoint folder of state(3), changed by `edit` (which gets the step folder). */
  async function damaged(edit: (step: string, dir: string) => Promise<unknown>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'gen-ckpt-bad-'));
    await writeCheckpoint(dir, state(3));
    await edit(join(dir, 'step-3'), dir);
    return dir;
  }
  const editHeader = (change: (header: Record<string, unknown>) => void) => async (step: string) => {
    const header = JSON.parse(await readFile(join(step, 'checkpoint.json'), 'utf8'));
    change(header);
    await writeFile(join(step, 'checkpoint.json'), JSON.stringify(header));
  };

  it('keeps the latest pointer inside the checkpoint folder', async () => {
    for (const pointer of ['../step-3', '/tmp', 'step-3/../../x', '', 'step-3/', 'step-x', `step-${'9'.repeat(500)}`]) {
      const dir = await damaged((_, d) => writeFile(join(d, 'latest'), pointer));
      const error = await readError(dir);
      expect(error.message).toMatch(/"latest" file naming a step-<n> folder/);
      expect(error.message).toContain(join(dir, 'latest'));
    }
  });

  it('names the file and what is wrong for missing, truncated, extended and bit-flipped tensors', async () => {
    const missing = await damaged((step) => rm(join(step, 'tensors.bin')));
    expect((await readError(missing)).message).toMatch(/ENOENT.*tensors\.bin/);
    const sizes = [0, 5, 60, 64 + 4];
    for (const size of sizes) {
      const dir = await damaged(async (step) => {
        const bytes = await readFile(join(step, 'tensors.bin'));
        const out = new Uint8Array(size);
        out.set(bytes.subarray(0, Math.min(size, bytes.length)));
        await writeFile(join(step, 'tensors.bin'), out);
      });
      const error = await readError(dir);
      expect(error.message).toContain(`expected 64 bytes (16 float32 values), received "${size} bytes"`);
      expect(error.message).toContain(join(dir, 'step-3', 'tensors.bin'));
    }
    const flipped = await damaged(async (step) => {
      const bytes = await readFile(join(step, 'tensors.bin'));
      bytes[17] = (bytes[17] as number) ^ 0x04;
      await writeFile(join(step, 'tensors.bin'), bytes);
    });
    expect((await readError(flipped)).message).toMatch(/checksum/);
    const lossChanged = await damaged(editHeader((h) => ((h.losses as number[])[1] = 0.4)));
    expect((await readError(lossChanged)).message).toMatch(/checksum/);
  });

  it('refuses a header that is not JSON or has the wrong shape', async () => {
    const cases: [(header: Record<string, unknown>) => void, RegExp][] = [
      [(h) => (h.format = 'other'), /gen-checkpoint/],
      [(h) => (h.version = 9), /version/],
      [(h) => (h.step = -1), /step/],
      [(h) => (h.step = 2.5), /step/],
      [(h) => (h.losses = 'many'), /losses/],
      [(h) => (h.losses = [1, 'x', 3]), /losses/],
      [(h) => (h.losses = [1, 2]), /losses/],
      [(h) => ((h.layout as Record<string, unknown>).weights = [3, 'a']), /layout/],
      [(h) => ((h.layout as Record<string, unknown>).weights = [3, -1]), /layout/],
      [(h) => ((h.layout as Record<string, unknown>).adamM = [1, 3]), /optimizer/],
      [(h) => ((h.layout as Record<string, unknown>).adamV = [3]), /optimizer/],
      [(h) => ((h.layout as Record<string, unknown>).ema = [3]), /EMA/],
      [(h) => (h.layout = null), /layout/],
      [(h) => (h.hasEma = 'yes'), /hasEma/],
      [(h) => (h.extra = 1), /keys/],
    ];
    for (const [change, message] of cases) {
      const dir = await damaged(editHeader(change));
      const error = await readError(dir);
      expect(error.message).toMatch(message);
      expect(error.message).toContain(join(dir, 'step-3', 'checkpoint.json'));
    }
    const notJson = await damaged((step) =>
      writeFile(join(step, 'checkpoint.json'), `{"format": "${'x'.repeat(9000)}`),
    );
    expect((await readError(notJson)).message).toMatch(/JSON/);
  });

  it('resuming from a checkpoint of another model fails before touching the model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-ckpt-resume-'));
    await writeCheckpoint(dir, state(3));
    const base = { data: gaussianData, objective: regressionObjective, batchSize: 8, lr: 0.05, seed: 3 };
    const model = linearField();
    const before = model.variables.map((v) => Array.from(v.dataSync()));
    const error = await expectNoLeaks(() => train({ ...base, model, steps: 5, resumeFrom: dir }).catch((e) => e));
    expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('resumeFrom');
    expect((error as Error).message).toContain(
      'expected a checkpoint of this model (arrays of sizes 4, 2), received [3, 1]',
    );
    const ema = await mkdtemp(join(tmpdir(), 'gen-ckpt-resume-'));
    await writeCheckpoint(ema, {
      step: 1,
      losses: [1],
      weights: [new Float32Array(4), new Float32Array(2)],
      adamM: [new Float32Array(4), new Float32Array(2)],
      adamV: [new Float32Array(4), new Float32Array(2)],
    });
    const noEma = await expectNoLeaks(() =>
      train({ ...base, model, steps: 5, ema: 0.9, resumeFrom: ema }).catch((e) => e),
    );
    expect(InvalidArgumentError.isInstance(noEma) && noEma.parameter).toBe('resumeFrom');
    expect(model.variables.map((v) => Array.from(v.dataSync()))).toEqual(before);
    model.dispose();
  });

  it('still reads version 1 checkpoints (without a checksum)', async () => {
    const dir = await damaged(
      editHeader((h) => {
        h.version = 1;
        delete h.checksum;
      }),
    );
    expect(await readCheckpoint(dir)).toEqual(state(3));
  });
});
