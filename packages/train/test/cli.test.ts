import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { toyDataset } from '../src/data/index.js';
import { evaluate } from '../src/evaluate.js';
import { loadMlpVectorField } from '../src/models/index.js';
import { captureCli } from './support/cli-capture.js';

afterAll(async () => {
  await initBackend('cpu');
});

describe('the gen command line, end to end on a short run', () => {
  it('trains, samples (reproducibly), evaluates and plots', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'gen-cli-')), 'moons');
    const common = ['--backend', 'cpu'];
    const train = captureCli();
    const code = await runCli(
      [
        'train',
        '--data',
        'moons',
        '--steps',
        '40',
        '--batch',
        '64',
        '--hidden',
        '32,32',
        '--out',
        dir,
        '--checkpoint-every',
        '20',
        ...common,
      ],
      train.io,
    );
    expect(code, train.errors()).toBe(0);
    // Not a terminal: plain progress lines, one per 10% (and one per 5 s on a slow machine), never `\r` frames.
    expect(train.errors()).not.toContain('\r');
    const progressLines = train
      .errors()
      .split('\n')
      .filter((l) => l.startsWith('step '));
    const tenths = ['4', '8', '12', '16', '20', '24', '28', '32', '36', '40'].map((k) => `${k}/40`);
    expect(progressLines.map((l) => l.split(' ')[1])).toEqual(expect.arrayContaining(tenths));
    expect(progressLines.at(-1)).toMatch(/^step 40\/40 \(100%\), loss \d+\.\d{4}, [\d.]+ steps\/s, ETA 0:00$/);
    expect((await readdir(dir)).sort()).toEqual(['checkpoints', 'model', 'run.json', 'train.json']);
    const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as { losses: number[]; objective: string };
    expect(run.losses).toHaveLength(40);
    expect(progressLines.length).toBeLessThanOrEqual(
      10 + Math.ceil((run as unknown as { seconds: number }).seconds / 5),
    );
    expect(run.objective).toBe('ot-cfm');

    const sampleTo = (file: string) =>
      ['sample', '--model', dir, '-n', '300', '--method', 'euler', '--steps', '10', '--out', join(dir, file)].concat(
        common,
      );
    const first = captureCli();
    expect(await runCli(sampleTo('a.csv'), first.io)).toBe(0);
    expect(first.lines[0]).toMatch(/sampled 300 points with euler .* \(10 field evaluations\)/);
    await runCli(sampleTo('b.csv'), captureCli().io);
    const a = await readFile(join(dir, 'a.csv'), 'utf8');
    expect(a.trim().split('\n')).toHaveLength(300);
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toBe(a);
    expect(
      await runCli(['sample', '--model', dir, '-n', '50', '--out', join(dir, 'c.npy'), ...common], captureCli().io),
    ).toBe(0);
    expect(Array.from((await readFile(join(dir, 'c.npy'))).subarray(1, 6))).toEqual(
      [...'NUMPY'].map((c) => c.charCodeAt(0)),
    );

    const scores = captureCli();
    expect(await runCli(['eval', '--model', dir, '-n', '200', ...common], scores.io)).toBe(0);
    expect(scores.lines[0]).toMatch(/^NLL \d+\.\d+ nats \(\d+\.\d+ bits\/dim\), MMD² /);
    const report = JSON.parse(await readFile(join(dir, 'eval.json'), 'utf8')) as { nll: number; mmd2: number };
    // The same numbers as the library's evaluate() on the saved model and the held-out points the command promises
    // (seed + 1 000 003 for the data, seed 0 for the samples).
    const saved = await loadMlpVectorField(`file://${join(dir, 'model')}`);
    const heldOut = toyDataset('moons').sample(200, 1_000_003);
    const direct = await evaluate({ model: saved, data: heldOut, seed: 0 });
    expect(report.nll).toBeCloseTo(direct.nll as number, 10);
    expect(report.mmd2).toBeCloseTo(direct.mmd2, 12);
    tf.dispose(heldOut);
    saved.dispose();

    expect(await runCli(['plot', '--model', dir, '-n', '200', '--grid', '8', ...common], captureCli().io)).toBe(0);
    for (const name of ['samples.png', 'trajectories.png', 'density.png']) {
      const png = await readFile(join(dir, name));
      expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    }
  });

  it('explains bad flags and exits with code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--data', 'spirals3'], /"--data": expected one of "moons"/],
      [['train', '--steps', '-5'], /"--steps": expected an integer ≥ 0, received "-5"/],
      [['train', '--objective', 'gan'], /"--objective": expected one of "ot-cfm", "cfm"/],
      [['train', '--ema', '1.5'], /"--ema": expected a number ≥ 0 and < 1, received "1.5"/],
      [['train', '--hidden', '64,x'], /"--hidden": expected comma-separated layer widths/],
      [['sample', '--model', '/nonexistent/gen-run'], /"--model": expected a folder written by `gen train`/],
      [['sample', '--model', '/nonexistent/gen-run', '-n', '0'], /"-n": expected an integer 1…10000000, received "0"/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [argv, message] of cases) {
      const run = captureCli();
      expect(await runCli([...argv, '--backend', 'cpu'], run.io), argv.join(' ')).toBe(2);
      expect(run.errors()).toMatch(message);
    }
    const help = captureCli();
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.lines[0]).toMatch(/^gen — train, sample and evaluate/);
  });
});

describe('gen --backend with @gen/backend-cuda installed', () => {
  it('runs on cuda where a GPU is usable, and otherwise fails with the CUDA reason (auto falls back)', async () => {
    const { cudaDeviceInfo } = await import('@gen/backend-cuda');
    const dir = join(await mkdtemp(join(tmpdir(), 'gen-cli-cuda-')), 'moons');
    const argv = ['train', '--data', 'moons', '--steps', '2', '--batch', '16', '--hidden', '8', '--out', dir];
    const cuda = captureCli();
    const code = await runCli([...argv, '--backend', 'cuda'], cuda.io);
    const probe = cudaDeviceInfo();
    if (probe.available) {
      expect(code).toBe(0);
      expect(cuda.errors()).toMatch(/, cuda\n/);
    } else {
      expect(code).toBe(2);
      expect(cuda.errors()).toMatch(/The tfjs backend "cuda" is not available/);
      expect(cuda.errors()).toContain(probe.reason.slice(0, 40));
      const auto = captureCli();
      expect(await runCli([...argv, '--backend', 'auto'], auto.io)).toBe(0);
      expect(auto.errors()).toMatch(/, wasm\n/);
    }
  });
});
