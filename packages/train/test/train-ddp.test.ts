import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadModel, type MlpVectorField, mlpVectorField, saveModel, unetVectorField } from '../src/models/index.js';
import { captureCli } from './support/cli-capture.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'python', 'train_ddp.py');
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) {
  console.warn(`SKIPPED train-ddp.test.ts: "${PYTHON} -c 'import torch'" fails, so python/train_ddp.py is not tested`);
}

beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * Runs python/train_ddp.py on `worldSize` processes (by default 20 steps, hidden 32,32); returns its model file and
 * losses.
 */
async function trainDdp(
  dir: string,
  worldSize: number,
  extra: string[] = ['--steps', '20', '--hidden', '32,32'],
): Promise<{ out: string; losses: number[] }> {
  const out = join(dir, `ddp-${worldSize}-${extra.length}.safetensors`);
  const lossesFile = out.replace(/\.safetensors$/, '.json');
  const args = ['--world-size', `${worldSize}`, '--global-batch', '64', ...extra];
  const result = spawnSync(PYTHON, [SCRIPT, ...args, '--seed', '7', '--out', out, '--losses', lossesFile], {
    encoding: 'utf8',
    timeout: 120_000, // a hang guard only
  });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  expect(result.stdout).toContain(`wrote ${out} (${worldSize} process`);
  const { losses } = JSON.parse(await readFile(lossesFile, 'utf8')) as { losses: number[] };
  return { out, losses };
}

describe.skipIf(!hasTorch)('python/train_ddp.py (PyTorch DDP) → gen', () => {
  it('2 processes take the same steps as 1 with the same global batch, and gen samples the result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-train-ddp-'));
    const one = await trainDdp(dir, 1);
    const two = await trainDdp(dir, 2);
    const [lossesOne, lossesTwo] = [one.losses, two.losses];
    expect(lossesOne).toHaveLength(20);
    expect(lossesTwo).toHaveLength(20);
    // DDP averages the two half-batch gradients, which is the full batch's gradient up to float32 rounding
    // (measured: at most 1e-6 apart, relative 2e-7); a different data split or a missing average would differ by
    // far more than 1e-4 relative.
    for (const [k, loss] of lossesOne.entries()) {
      expect(Math.abs((lossesTwo[k] as number) - loss), `step ${k + 1}`).toBeLessThan(1e-4 * loss);
    }
    const model = (await loadModel(two.out)) as MlpVectorField;
    const single = (await loadModel(one.out)) as MlpVectorField;
    expect(model.config.dim).toBe(2);
    expect(model.config.hidden).toEqual([32, 32]);
    const x = tf.tensor2d([
      [0.5, -0.3],
      [-1.2, 0.8],
    ]);
    const [u2, u1] = [model(0.4, x), single(0.4, x)];
    const gap = tf.tidy(() => u2.sub(u1).abs().max().dataSync()[0] as number);
    expect(gap).toBeLessThan(1e-4); // the two trainings end at the same weights up to rounding
    tf.dispose([x, u1, u2]);
    model.dispose();
    single.dispose();
    const samples = join(dir, 'samples.csv');
    const argv = ['sample', '--model', two.out, '-n', '100', '--method', 'euler', '--out', samples, '--backend', 'cpu'];
    const run = captureCli();
    const code = await runCli(argv, run.io);
    expect(code, run.errors()).toBe(0);
    const rows = (await readFile(samples, 'utf8')).trim().split('\n');
    const values = rows.flatMap((row) => row.split(',').map(Number)).filter((v) => !Number.isNaN(v));
    expect(values).toHaveLength(200);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('trains a gen U-Net on .npy images [N, H, W, C]: 2 processes agree with 1, gen loads the result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-train-ddp-unet-'));
    const images = join(dir, 'images.npy');
    const write = spawnSync(PYTHON, [
      '-c',
      `import numpy as np; np.save(${JSON.stringify(images)}, np.random.default_rng(0).integers(0, 256, (16, 8, 8, 1), dtype=np.uint8))`,
    ]);
    expect(write.status, String(write.stderr)).toBe(0);
    const original = unetVectorField({
      imageShape: [8, 8, 1],
      baseChannels: 8,
      channelMultipliers: [1, 2],
      attentionResolutions: [4],
      groups: 4,
      classes: 2,
      seed: 3,
    });
    const file = join(dir, 'unet.safetensors');
    await saveModel(original, file);
    const args = ['--data', images, '--init-from', file, '--steps', '3'];
    const [one, two] = [await trainDdp(dir, 1, args), await trainDdp(dir, 2, args)];
    expect(one.losses).toHaveLength(3);
    for (const [k, loss] of one.losses.entries()) {
      expect(Math.abs((two.losses[k] as number) - loss), `step ${k + 1}`).toBeLessThan(1e-4 * loss);
    }
    const trained = await loadModel(two.out);
    expect(trained.config).toEqual(original.config);
    const x = tf.zeros([2, 8, 8, 1]);
    const [before, after] = [original(0.5, x), trained(0.5, x)];
    const change = tf.tidy(() => tf.max(tf.abs(tf.sub(after, before))).dataSync()[0] as number);
    expect(change).toBeGreaterThan(1e-4); // three Adam steps of 1e-3 moved the weights
    tf.dispose([x, before, after]);
    original.dispose();
    trained.dispose();
  });

  it('continues a model gen saved (--init-from): 0 steps keep its function, its architecture wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-train-ddp-init-'));
    const original = mlpVectorField({ dim: 2, hidden: [24, 12], seed: 5 });
    const file = join(dir, 'gen.safetensors');
    await saveModel(original, file);
    const kept = await trainDdp(dir, 1, ['--init-from', file, '--steps', '0']);
    const continued = await trainDdp(dir, 1, ['--init-from', file, '--steps', '3', '--hidden', '8']);
    expect(continued.losses).toHaveLength(3);
    const [same, tuned] = [await loadModel(kept.out), (await loadModel(continued.out)) as MlpVectorField];
    expect(tuned.config.hidden).toEqual([24, 12]);
    const x = tf.tensor2d([[0.2, -0.7]]);
    const outputs = [original, same, tuned].map((model) => {
      const u = model(0.3, x);
      const values = Array.from(u.dataSync());
      u.dispose();
      return values;
    });
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).not.toEqual(outputs[0]);
    x.dispose();
    original.dispose();
    same.dispose();
    tuned.dispose();
  });
});
