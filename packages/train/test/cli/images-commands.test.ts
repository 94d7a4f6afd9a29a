import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadInput, runGen } from '../support/cli-capture.js';
import { gridSize, pngSize, readSamplesNpy, SIDE, writeImagesNpy, writeLabelledPngFolder } from './images-support.js';

let root: string;
let npy: string;
let folder: string;
/** An unconditional U-Net run on the .npy images, and a class-conditional one on the labelled PNG folder. */
let plain: string;
let conditional: string;

/** A tiny U-Net run: base 8 (levels 8, 16, 16 channels on 8×8, 4×4, 2×2), batch 4. */
const tinyTrain = (data: string, out: string, steps: number, extra: string[] = []) => [
  'train',
  '--data',
  data,
  '--model',
  'unet',
  '--base-channels',
  '8',
  '--steps',
  String(steps),
  '--batch',
  '4',
  '--checkpoint-every',
  '2',
  '--seed',
  '1',
  '--out',
  out,
  ...extra,
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gen-cli-images-'));
  npy = join(root, 'images.npy');
  folder = join(root, 'pngs');
  await writeImagesNpy(npy);
  await writeLabelledPngFolder(folder);
  plain = join(root, 'plain');
  conditional = join(root, 'conditional');
  const first = await runGen(tinyTrain(npy, plain, 4));
  expect(first.code, first.errors).toBe(0);
  const second = await runGen(tinyTrain(folder, conditional, 4, ['--label-dropout', '0.2']));
  expect(second.code, second.errors).toBe(0);
}, 120_000);

afterAll(async () => {
  await initBackend('cpu');
});

describe('gen train on images: bad flag combinations exit 2 with one line naming the flag', () => {
  it('--model unet on points and --model mlp on images name --model', async () => {
    expectBadInput(await runGen(['train', '--data', 'moons', '--model', 'unet', '--out', join(root, 'x1')]), '--model');
    expectBadInput(await runGen(['train', '--data', npy, '--model', 'mlp', '--out', join(root, 'x2')]), '--model');
  });

  it('MLP flags on a U-Net and U-Net flags on an MLP name the flag', async () => {
    expectBadInput(await runGen(['train', '--data', npy, '--hidden', '16', '--out', join(root, 'x3')]), '--hidden');
    for (const [flag, value] of [
      ['--base-channels', '8'],
      ['--channel-multipliers', '1,2'],
      ['--res-blocks', '2'],
    ] as const) {
      expectBadInput(await runGen(['train', '--data', 'moons', flag, value, '--out', join(root, 'x4')]), flag);
    }
    // 10 channels cannot be split into GroupNorm's 4 groups (the default).
    expectBadInput(
      await runGen(['train', '--data', npy, '--base-channels', '10', '--out', join(root, 'x5')]),
      '--base-channels',
    );
    expect(existsSync(join(root, 'x5'))).toBe(false);
  });

  it('--classes on and --label-dropout need labelled images; --classes on needs a U-Net', async () => {
    expectBadInput(await runGen(['train', '--data', npy, '--classes', 'on', '--out', join(root, 'x6')]), '--classes');
    expectBadInput(
      await runGen(['train', '--data', 'moons', '--classes', 'on', '--out', join(root, 'x7')]),
      '--classes',
    );
    expectBadInput(
      await runGen(['train', '--data', npy, '--label-dropout', '0.2', '--out', join(root, 'x8')]),
      '--label-dropout',
    );
    expectBadInput(
      await runGen([
        'train',
        '--data',
        folder,
        '--classes',
        'off',
        '--label-dropout',
        '0.2',
        '--out',
        join(root, 'x9'),
      ]),
      '--label-dropout',
    );
    expectBadInput(
      await runGen(['train', '--data', folder, '--label-dropout', '1', '--out', join(root, 'x9')]),
      '--label-dropout',
    );
  });
});

describe('gen train on images: the run folder', () => {
  it('records the model kind, the image shape and the classes', async () => {
    const run = JSON.parse(await readFile(join(plain, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ model: 'unet', imageShape: [SIDE, SIDE, 1], steps: 4 });
    expect(run.classes).toBeUndefined();
    expect(run.losses).toHaveLength(4);
    const settings = JSON.parse(await readFile(join(plain, 'train.json'), 'utf8'));
    expect(settings).toMatchObject({ model: 'unet', unet: { imageShape: [SIDE, SIDE, 1], baseChannels: 8 }, batch: 4 });
    const labelled = JSON.parse(await readFile(join(conditional, 'run.json'), 'utf8'));
    expect(labelled).toMatchObject({ model: 'unet', imageShape: [SIDE, SIDE, 1], classes: 2 });
    const labelledSettings = JSON.parse(await readFile(join(conditional, 'train.json'), 'utf8'));
    expect(labelledSettings).toMatchObject({ labelDropout: 0.2, unet: { classes: 2 } });
  });

  it('keeps point runs as they were: an MLP, batch 256, no model key in train.json', async () => {
    const points = join(root, 'points');
    const result = await runGen(['train', '--data', 'moons', '--steps', '0', '--hidden', '8', '--out', points]);
    expect(result.code, result.errors).toBe(0);
    const settings = JSON.parse(await readFile(join(points, 'train.json'), 'utf8'));
    expect(settings).toMatchObject({ batch: 256, hidden: [8] });
    expect(settings.model).toBeUndefined();
    expect(JSON.parse(await readFile(join(points, 'run.json'), 'utf8')).model).toBe('mlp');
  });

  it('--resume continues an image run to the same weights, bit for bit, as an uninterrupted run', async () => {
    const resumed = join(root, 'resumed');
    const start = await runGen(tinyTrain(folder, resumed, 2, ['--label-dropout', '0.2']));
    expect(start.code, start.errors).toBe(0);
    const more = await runGen(tinyTrain(folder, resumed, 4, ['--label-dropout', '0.2', '--resume']));
    expect(more.code, more.errors).toBe(0);
    expect(more.errors).toMatch(/resuming .* from update 2/);
    const names = (await readdir(join(conditional, 'model'))).sort();
    expect((await readdir(join(resumed, 'model'))).sort()).toEqual(names);
    for (const name of names) {
      expect(
        Buffer.compare(await readFile(join(resumed, 'model', name)), await readFile(join(conditional, 'model', name))),
        name,
      ).toBe(0);
    }
    // Another architecture is not a resume of this run.
    const other = await runGen(
      tinyTrain(folder, resumed, 6, ['--label-dropout', '0.2', '--resume', '--res-blocks', '2']),
    );
    expectBadInput(other, '--resume');
    // A folder holding a run needs --resume or --force.
    expectBadInput(await runGen(tinyTrain(folder, resumed, 6, ['--label-dropout', '0.2'])), '--out');
  }, 120_000);
});

describe('gen sample on images', () => {
  it('writes .npy [n, H, W, C] float32 in [0, 1] and a PNG grid of the right size', async () => {
    const file = join(root, 'plain.npy');
    const result = await runGen([
      'sample',
      '--model',
      plain,
      '-n',
      '5',
      '--method',
      'rk4',
      '--steps',
      '4',
      '--out',
      file,
    ]);
    expect(result.code, result.errors).toBe(0);
    const { shape, values } = await readSamplesNpy(file);
    expect(shape).toEqual([5, SIDE, SIDE, 1]);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(new Set(values).size).toBeGreaterThan(100);

    const png = join(root, 'plain.png');
    const grid = await runGen([
      'sample',
      '--model',
      plain,
      '-n',
      '5',
      '--method',
      'euler',
      '--steps',
      '3',
      '--out',
      png,
    ]);
    expect(grid.code, grid.errors).toBe(0);
    expect(await pngSize(png)).toEqual(gridSize(5));
  });

  it('refuses --class, --guidance and a .csv for an unconditional image model', async () => {
    expectBadInput(await runGen(['sample', '--model', plain, '--class', '1', '--out', join(root, 'c.npy')]), '--class');
    expectBadInput(
      await runGen(['sample', '--model', plain, '--guidance', '1', '--out', join(root, 'g.npy')]),
      '--guidance',
    );
    expectBadInput(await runGen(['sample', '--model', plain, '--out', join(root, 's.csv')]), '--out');
    expectBadInput(
      await runGen(['sample', '--model', 'runs-that-do-not-exist', '--out', join(root, 's.png')]),
      '--model',
    );
  });

  it('samples a class with --class and guidance with --guidance, each changing the images', async () => {
    const draw = async (name: string, extra: string[]) => {
      const file = join(root, `${name}.npy`);
      const args = ['sample', '--model', conditional, '-n', '4', '--method', 'rk4', '--steps', '3', '--out', file];
      const result = await runGen([...args, ...extra]);
      expect(result.code, result.errors).toBe(0);
      return (await readSamplesNpy(file)).values;
    };
    const maxDifference = (a: Float32Array, b: Float32Array) =>
      Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));
    const class0 = await draw('class0', ['--class', '0']);
    const class1 = await draw('class1', ['--class', '1']);
    const guided = await draw('class0-guided', ['--class', '0', '--guidance', '2']);
    const again = await draw('class0-again', ['--class', '0']);
    expect(maxDifference(class0, again)).toBe(0); // same seed, same class: the same images
    expect(maxDifference(class0, class1)).toBeGreaterThan(1e-4);
    expect(maxDifference(class0, guided)).toBeGreaterThan(1e-4);
    expectBadInput(
      await runGen(['sample', '--model', conditional, '--class', '2', '--out', join(root, 'c2.npy')]),
      '--class',
    );
  });

  it('draws one grid row per class without --class', async () => {
    const png = join(root, 'rows.png');
    const result = await runGen([
      'sample',
      '--model',
      conditional,
      '-n',
      '5',
      '--method',
      'euler',
      '--steps',
      '2',
      '--out',
      png,
    ]);
    expect(result.code, result.errors).toBe(0);
    expect(result.lines[0]).toMatch(/^sampled 6 images/); // 2 classes × ⌈5/2⌉
    expect(await pngSize(png)).toEqual(gridSize(6, ['0', '1']));
  });

  it('takes every sampler of the table on a dsm image model', async () => {
    const dsm = join(root, 'dsm');
    const trained = await runGen(tinyTrain(npy, dsm, 2, ['--objective', 'dsm']));
    expect(trained.code, trained.errors).toBe(0);
    for (const method of ['euler', 'heun', 'rk4', 'reverse-sde', 'pc', 'ddim', 'dpm-solver++']) {
      const file = join(root, `dsm-${method}.npy`);
      const result = await runGen([
        'sample',
        '--model',
        dsm,
        '-n',
        '2',
        '--method',
        method,
        '--steps',
        '2',
        '--out',
        file,
      ]);
      expect(result.code, `${method}: ${result.errors}`).toBe(0);
      const { shape, values } = await readSamplesNpy(file);
      expect(shape).toEqual([2, SIDE, SIDE, 1]);
      expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  }, 120_000);
});

describe('gen eval and gen plot on images', () => {
  it('eval prints bits/dim of held-out images and writes eval.json', async () => {
    const result = await runGen(['eval', '--model', plain, '-n', '2', '--rtol', '1e-2', '--atol', '1e-2']);
    expect(result.code, result.errors).toBe(0);
    expect(result.lines[0]).toMatch(/^bits\/dim \d+\.\d{4} ± \d+\.\d{4} \(2 images\)$/);
    const report = JSON.parse(await readFile(join(plain, 'eval.json'), 'utf8'));
    // A barely trained model: far from the data, but a finite positive number of bits.
    expect(report.bitsPerDim).toBeGreaterThan(0);
    expect(Number.isFinite(report.bitsPerDim)).toBe(true);
    expectBadInput(await runGen(['eval', '--model', plain, '--data', 'moons']), '--data');
  }, 60_000);

  it('plot draws the sample grid (one row per class) and the trajectory frames', async () => {
    const result = await runGen(['plot', '--model', conditional, '-n', '4', '--rtol', '1e-3', '--atol', '1e-3']);
    expect(result.code, result.errors).toBe(0);
    expect(await pngSize(join(conditional, 'samples.png'))).toEqual(gridSize(4, ['0', '1'], 'samples (dopri5)'));
    const frames = await pngSize(join(conditional, 'trajectories.png'));
    // 2 images (one per class) × 8 frames: wider than tall.
    expect(frames.width).toBeGreaterThan(frames.height);
    expect(result.errors).toMatch(/gen plot: sampling 4 images/);
    expect(result.errors).toMatch(/gen plot: drawing the trajectories of 2 images/);
  }, 60_000);
});

describe('gen eval on images that are not 8-bit', () => {
  it('names --data when the pixels are not whole levels', async () => {
    const { writeFile } = await import('node:fs/promises');
    const { toNpy } = await import('../../src/data/index.js');
    const floats = join(root, 'floats.npy');
    await writeFile(
      floats,
      toNpy([Array.from({ length: SIDE * SIDE }, (_, i) => (i + 0.5) / (SIDE * SIDE + 1))], [1, SIDE, SIDE, 1]),
    );
    expectBadInput(await runGen(['eval', '--model', plain, '--data', floats, '-n', '2']), '--data');
  });
});

describe('the image commands and tensor memory', () => {
  it('leave the tensor count unchanged, on success and on failure', async () => {
    const { expectNoLeaks } = await import('@gen/core/testing');
    const runs: [string[], number][] = [
      [
        [
          'sample',
          '--model',
          conditional,
          '-n',
          '3',
          '--class',
          '1',
          '--guidance',
          '1',
          '--method',
          'rk4',
          '--steps',
          '2',
          '--out',
          join(root, 'leak.npy'),
        ],
        0,
      ],
      [
        [
          'sample',
          '--model',
          conditional,
          '-n',
          '3',
          '--method',
          'euler',
          '--steps',
          '2',
          '--out',
          join(root, 'leak.png'),
        ],
        0,
      ],
      [['sample', '--model', conditional, '-n', '3', '--class', '5', '--out', join(root, 'leak2.npy')], 2],
      [['sample', '--model', plain, '-n', '3', '--max-steps', '2', '--out', join(root, 'leak3.npy')], 1],
      [['plot', '--model', plain, '-n', '2', '--rtol', '1e-2', '--atol', '1e-2'], 0],
      [tinyTrain(npy, join(root, 'leak-run'), 1), 0],
      [tinyTrain(npy, join(root, 'leak-run'), 1), 2],
      [['train', '--data', npy, '--base-channels', '10', '--out', join(root, 'leak-run2')], 2],
    ];
    for (const [argv, code] of runs) {
      const run = await expectNoLeaks(() => runGen(argv));
      expect(run.code, `${argv.join(' ')}: ${run.errors}`).toBe(code);
    }
  }, 120_000);
});

describe('U-Net model files', () => {
  it('gen export writes one; sample, --init-from and their refusals take it', async () => {
    const file = join(root, 'conditional.safetensors');
    const exported = await runGen(['export', '--model', conditional, '--out', file]);
    expect(exported.code, exported.errors).toBe(0);
    const fromFile = join(root, 'from-file.npy');
    const fromRun = join(root, 'from-run.npy');
    const common = ['-n', '2', '--class', '1', '--method', 'euler', '--steps', '2'];
    expect((await runGen(['sample', '--model', file, ...common, '--out', fromFile])).code).toBe(0);
    expect((await runGen(['sample', '--model', conditional, ...common, '--out', fromRun])).code).toBe(0);
    expect((await readSamplesNpy(fromFile)).values).toEqual((await readSamplesNpy(fromRun)).values);

    const tuned = join(root, 'tuned');
    const result = await runGen(
      tinyTrain(folder, tuned, 0, ['--init-from', file]).filter((a) => a !== '--base-channels' && a !== '8'),
    );
    expect(result.code, result.errors).toBe(0);
    expect(JSON.parse(await readFile(join(tuned, 'train.json'), 'utf8'))).toMatchObject({
      model: 'unet',
      unet: { classes: 2 },
    });
    expectBadInput(
      await runGen(['train', '--data', 'moons', '--init-from', file, '--out', join(root, 'x10')]),
      '--init-from',
    );
    expectBadInput(
      await runGen(['train', '--data', npy, '--init-from', file, '--out', join(root, 'x11')]),
      '--init-from',
    );
    expectBadInput(
      await runGen([
        'train',
        '--data',
        folder,
        '--init-from',
        file,
        '--base-channels',
        '16',
        '--out',
        join(root, 'x12'),
      ]),
      '--base-channels',
    );
  }, 60_000);
});
