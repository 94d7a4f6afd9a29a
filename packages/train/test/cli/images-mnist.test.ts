import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import { afterAll, describe, expect, it } from 'vitest';
import { runGen } from '../support/cli-capture.js';
import { readSamplesNpy } from './images-support.js';

afterAll(async () => {
  await initBackend('cpu');
});

describe('gen on mnist (a very short run)', () => {
  it('trains a class-conditional U-Net, samples [n, 28, 28, 1] in [0, 1], and eval prints bits/dim and the classifier scores', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gen-cli-mnist-'));
    const out = join(root, 'mnist');
    const trained = await runGen([
      'train',
      '--data',
      'mnist',
      '--model',
      'unet',
      '--base-channels',
      '8',
      '--steps',
      '2',
      '--batch',
      '4',
      '--out',
      out,
    ]);
    expect(trained.code, trained.errors).toBe(0);
    expect(trained.errors).toMatch(/on mnist \(28×28×1 images; unet, 10 classes, label dropout 0\.1\)/);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ model: 'unet', imageShape: [28, 28, 1], classes: 10, steps: 2 });

    const file = join(root, 'threes.npy');
    const sampled = await runGen([
      'sample',
      '--model',
      out,
      '-n',
      '3',
      '--class',
      '3',
      '--guidance',
      '2',
      '--method',
      'euler',
      '--steps',
      '2',
      '--out',
      file,
    ]);
    expect(sampled.code, sampled.errors).toBe(0);
    const { shape, values } = await readSamplesNpy(file);
    expect(shape).toEqual([3, 28, 28, 1]);
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);

    const scored = await runGen(['eval', '--model', out, '-n', '2', '--rtol', '1e-2', '--atol', '1e-2']);
    expect(scored.code, scored.errors).toBe(0);
    expect(scored.lines[0]).toMatch(
      /^bits\/dim \d+\.\d{4} ± \d+\.\d{4} \(2 images\), classifier accuracy [01]\.\d{3}, Fréchet distance \d+\.\d{3}, sampling \d+ field evaluations$/,
    );
    const report = JSON.parse(await readFile(join(out, 'eval.json'), 'utf8'));
    expect(report.bitsPerDim).toBeGreaterThan(0);
    expect(report.classifierAccuracy).toBeGreaterThanOrEqual(0);
    expect(report.classifierAccuracy).toBeLessThanOrEqual(1);
    expect(report.frechetDistance).toBeGreaterThanOrEqual(0);
    expect(report.samples).toBe(2);
  }, 300_000);
});
