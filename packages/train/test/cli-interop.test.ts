import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMlpVectorField, loadModel, type MlpVectorField, saveModel } from '../src/models/index.js';
import { expectBadInput, runGen } from './support/cli-capture.js';

afterAll(async () => {
  await initBackend('cpu');
});

/** The model's velocities at a few fixed points and times, as plain numbers. */
function probe(model: MlpVectorField): number[] {
  const x = tf.tensor2d([
    [0.3, -1.2],
    [1.5, 0.25],
  ]);
  const values = [0.1, 0.5, 0.9].flatMap((t) => {
    const u = model(t, x);
    const out = Array.from(u.dataSync());
    u.dispose();
    return out;
  });
  x.dispose();
  return values;
}

let root: string;
let run: string;
let file: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gen-cli-interop-'));
  run = join(root, 'run');
  file = join(root, 'moons.safetensors');
  const trained = await runGen(['train', '--steps', '20', '--batch', '32', '--hidden', '16,16', '--out', run]);
  expect(trained.code, trained.errors).toBe(0);
  const exported = await runGen(['export', '--model', run, '--out', file]);
  expect(exported.code, exported.errors).toBe(0);
});

describe('gen export', () => {
  it('writes the run’s model as a .safetensors file that loadModel reads back to the same function', async () => {
    const fromRun = await loadMlpVectorField(`file://${join(run, 'model')}`);
    const fromFile = (await loadModel(file)) as MlpVectorField;
    expect(fromFile.config.hidden).toEqual([16, 16]);
    expect(probe(fromFile)).toEqual(probe(fromRun));
    fromRun.dispose();
    fromFile.dispose();
  });

  it('defaults to <model>/model.safetensors and refuses another extension or a missing run', async () => {
    const result = await runGen(['export', '--model', run]);
    expect(result.code, result.errors).toBe(0);
    expect(await readFile(join(run, 'model.safetensors'))).toEqual(await readFile(file));
    expectBadInput(await runGen(['export', '--model', run, '--out', join(root, 'x.bin')]), '--out');
    expectBadInput(
      await runGen(['export', '--model', join(root, 'nope'), '--out', join(root, 'y.safetensors')]),
      '--model',
    );
  });
});

describe('gen sample|eval|plot --model file.safetensors', () => {
  it('samples a model file to the same points as its run folder (a flow, t = 1 → 0), into <stem>.samples.csv', async () => {
    const args = ['-n', '40', '--method', 'euler', '--steps', '5', '--seed', '3'];
    const fromFile = await runGen(['sample', '--model', file, ...args]);
    expect(fromFile.code, fromFile.errors).toBe(0);
    const fromRun = await runGen(['sample', '--model', run, ...args, '--out', join(root, 'run-samples.csv')]);
    expect(fromRun.code, fromRun.errors).toBe(0);
    const fileCsv = await readFile(join(root, 'moons.samples.csv'), 'utf8');
    expect(fileCsv.trim().split('\n').length).toBeGreaterThanOrEqual(40);
    expect(fileCsv).toBe(await readFile(join(root, 'run-samples.csv'), 'utf8'));
  });

  it('takes --objective for a model file; a run folder refuses one that contradicts run.json', async () => {
    const asScore = await runGen([
      'sample',
      '--model',
      file,
      '-n',
      '10',
      '--objective',
      'dsm',
      '--out',
      join(root, 'd.csv'),
    ]);
    expect(asScore.code, asScore.errors).toBe(0);
    expect(await readFile(join(root, 'd.csv'), 'utf8')).not.toBe('');
    expectBadInput(await runGen(['sample', '--model', run, '-n', '10', '--objective', 'dsm']), '--objective');
    expectBadInput(await runGen(['sample', '--model', file, '--objective', 'nope']), '--objective');
  });

  it('eval and plot need --data for a model file, and write <stem>.eval.json / <stem>.*.png', async () => {
    expectBadInput(await runGen(['eval', '--model', file, '-n', '20']), '--data');
    expectBadInput(await runGen(['plot', '--model', file, '-n', '20']), '--data');
    const evaluated = await runGen(['eval', '--model', file, '--data', 'moons', '-n', '50']);
    expect(evaluated.code, evaluated.errors).toBe(0);
    const report = JSON.parse(await readFile(join(root, 'moons.eval.json'), 'utf8')) as { mmd2: number };
    expect(Number.isFinite(report.mmd2)).toBe(true);
    const plotted = await runGen(['plot', '--model', file, '--data', 'moons', '-n', '50', '--grid', '4']);
    expect(plotted.code, plotted.errors).toBe(0);
    const png = await readFile(join(root, 'moons.density.png'));
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it('a missing, corrupt or truncated model file is one line naming --model, exit 2', async () => {
    expectBadInput(await runGen(['sample', '--model', join(root, 'missing.safetensors')]), '--model');
    const garbage = join(root, 'garbage.safetensors');
    await writeFile(garbage, 'not a safetensors file at all');
    expectBadInput(await runGen(['sample', '--model', garbage]), '--model');
    const truncated = join(root, 'truncated.safetensors');
    const bytes = await readFile(file);
    await writeFile(truncated, bytes.subarray(0, bytes.length - 7));
    expectBadInput(await runGen(['eval', '--model', truncated, '--data', 'moons']), '--model');
    expectBadInput(await runGen(['export', '--model', garbage, '--out', join(root, 'z.safetensors')]), '--model');
  });
});

describe('gen train --init-from', () => {
  it('starts from the file’s weights and architecture (0 updates keep the model) and records the file', async () => {
    const out = join(root, 'ft0');
    const result = await runGen(['train', '--init-from', file, '--steps', '0', '--ema', '0', '--out', out]);
    expect(result.code, result.errors).toBe(0);
    const tuned = await loadMlpVectorField(`file://${join(out, 'model')}`);
    const original = (await loadModel(file)) as MlpVectorField;
    expect(tuned.config.hidden).toEqual([16, 16]);
    expect(probe(tuned)).toEqual(probe(original));
    tuned.dispose();
    original.dispose();
    const settings = JSON.parse(await readFile(join(out, 'train.json'), 'utf8'));
    expect(settings.hidden).toEqual([16, 16]);
    expect(settings.initFrom).toBe(file);
    expect(settings.initSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).initFrom).toBe(file);
  });

  it('refuses a conflicting explicit --hidden, a model of another dimension, and a bad file', async () => {
    expectBadInput(
      await runGen(['train', '--init-from', file, '--hidden', '8,8', '--out', join(root, 'h')]),
      '--hidden',
    );
    expectBadInput(await runGen(['--init-from', file, '--hidden', '8,8', '--out', join(root, 'h-demo')]), '--hidden');
    const same = await runGen([
      'train',
      '--init-from',
      file,
      '--hidden',
      '16,16',
      '--steps',
      '2',
      '--out',
      join(root, 'h2'),
    ]);
    expect(same.code, same.errors).toBe(0);
    const threeD = join(root, 'three.csv');
    await writeFile(threeD, Array.from({ length: 64 }, (_, i) => `${i},${-i},${i / 2}`).join('\n'));
    expectBadInput(
      await runGen(['train', '--init-from', file, '--data', threeD, '--out', join(root, 'd3')]),
      '--init-from',
    );
    expectBadInput(
      await runGen(['train', '--init-from', join(root, 'garbage.safetensors'), '--out', join(root, 'g')]),
      '--init-from',
    );
    expectBadInput(await runGen(['train', '--init-from', join(root, 'run'), '--out', join(root, 'g2')]), '--init-from');
  });

  it('--resume checks the --init-from file: same file continues, another or none is refused', async () => {
    const out = join(root, 'ft');
    const start = ['train', '--batch', '32', '--checkpoint-every', '5', '--out', out];
    const first = await runGen([...start, '--init-from', file, '--steps', '5']);
    expect(first.code, first.errors).toBe(0);
    const other = join(root, 'other.safetensors');
    const changed = await loadModel(file);
    changed.variables[0]?.assign(tf.zerosLike(changed.variables[0]));
    await saveModel(changed, other);
    changed.dispose();
    expectBadInput(await runGen([...start, '--init-from', other, '--steps', '10', '--resume']), '--resume');
    expectBadInput(await runGen([...start, '--hidden', '16,16', '--steps', '10', '--resume']), '--resume');
    const resumed = await runGen([...start, '--init-from', file, '--steps', '10', '--resume']);
    expect(resumed.code, resumed.errors).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).steps).toBe(10);
  });
});

describe('memory', () => {
  it('export, sample of a model file and train --init-from leave the tensor count unchanged, passing or failing', async () => {
    const cases: [string[], number][] = [
      [['export', '--model', run, '--out', join(root, 'leak.safetensors')], 0],
      [['sample', '--model', file, '-n', '10', '--out', join(root, 'leak.csv')], 0],
      [['sample', '--model', join(root, 'garbage.safetensors')], 2],
      [['eval', '--model', file], 2],
      [['train', '--init-from', file, '--hidden', '8,8', '--out', join(root, 'leak-h')], 2],
      [['train', '--init-from', file, '--steps', '2', '--out', join(root, 'leak-t')], 0],
    ];
    for (const [argv, code] of cases) {
      const result = await expectNoLeaks(() => runGen(argv));
      expect(result.code, `${argv.join(' ')}: ${result.errors}`).toBe(code);
    }
  });
});

describe('help', () => {
  it('lists gen export, --init-from, --objective and model files', async () => {
    expect((await runGen(['--help'])).lines[0]).toMatch(/gen export +write a trained model as a \.safetensors file/);
    const exportHelp = (await runGen(['export', '--help'])).lines[0];
    expect(exportHelp).toMatch(/--out <file\.safetensors>\s+.*\(default: <model>\/model\.safetensors\)/);
    expect((await runGen(['train', '--help'])).lines[0]).toMatch(/--init-from <file\.safetensors>\s+fine-tune/);
    for (const command of ['sample', 'eval', 'plot']) {
      const help = (await runGen([command, '--help'])).lines[0];
      expect(help).toContain('--model <folder|file.safetensors>');
      expect(help).toMatch(/--objective <[^>]*>\s+objective the model was trained with .*cfm \(a flow/);
    }
  });
});
