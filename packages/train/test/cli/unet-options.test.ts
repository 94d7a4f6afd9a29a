import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, UNET_DEFAULTS } from '../../src/models/index.js';
import { bytesOf, npy } from '../fixtures/npy.js';
import { expectBadInput, runGen } from '../support/cli-capture.js';
import { readSamplesNpy, SIDE, writeImagesNpy } from './images-support.js';

/** Images of writeImagesNpy: image k is of class k mod 2. */
const N = 16;
const CLASSES = Array.from({ length: N }, (_, k) => k % 2);

let root: string;
let images: string;
/** A class-conditional U-Net trained with dropout 0.5 from images.npy and labels.npy (int64). */
let droppy: string;

/** A tiny U-Net architecture, every flag given (no default of UNET_DEFAULTS is assumed). */
const TINY = [
  '--base-channels',
  '8',
  '--channel-multipliers',
  '1,2',
  '--res-blocks',
  '1',
  '--attention-resolutions',
  '4',
  '--attention-heads',
  '2',
  '--groups',
  '4',
];

const train = (out: string, steps: number, extra: string[]) => [
  'train',
  '--data',
  images,
  '--model',
  'unet',
  '--steps',
  String(steps),
  '--batch',
  '4',
  '--checkpoint-every',
  '1',
  '--out',
  out,
  ...extra,
];

const labelsFile = async (name: string, descr: string, shape: number[], data: Uint8Array) => {
  const path = join(root, name);
  await writeFile(path, npy(descr, shape, data));
  return path;
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gen-unet-options-'));
  images = join(root, 'images.npy');
  await writeImagesNpy(images, N);
  const labels = await labelsFile('labels-i8.npy', '<i8', [N], bytesOf(BigInt64Array.from(CLASSES, BigInt)));
  droppy = join(root, 'droppy');
  const run = await runGen(train(droppy, 2, [...TINY, '--dropout', '0.5', '--labels', labels]));
  expect(run.code, run.errors).toBe(0);
}, 120_000);

afterAll(async () => {
  await initBackend('cpu');
});

describe('gen train --help lists the U-Net options with their types and UNET_DEFAULTS', () => {
  it('shows every architecture flag and --labels', async () => {
    const help = (await runGen(['train', '--help'])).lines.join('\n');
    const resolutions = UNET_DEFAULTS.attentionResolutions.join(',') || 'none';
    for (const [flag, type, fallback] of [
      ['--base-channels', '<integer 2…512>', UNET_DEFAULTS.baseChannels],
      ['--channel-multipliers', '<w1,w2,…>', UNET_DEFAULTS.channelMultipliers.join(',')],
      ['--res-blocks', '<integer 1…8>', UNET_DEFAULTS.resBlocks],
      ['--attention-resolutions', '<h1,h2,…|none>', resolutions],
      ['--attention-heads', '<integer ≥ 1>', UNET_DEFAULTS.attentionHeads],
      ['--dropout', '<number>', UNET_DEFAULTS.dropout],
      ['--groups', '<integer ≥ 1>', UNET_DEFAULTS.groups],
    ] as const) {
      const line = help.split('\n').findIndex((l) => l.includes(`${flag} ${type}`));
      expect(line, flag).toBeGreaterThanOrEqual(0);
      // The description is on the same line or (for a long flag) the next one.
      const text = help
        .split('\n')
        .slice(line, line + 2)
        .join(' ');
      expect(text, flag).toContain(`(default: ${fallback})`);
    }
    expect(help).toMatch(/--labels <file\.npy>/);
  });
});

describe('gen train: bad U-Net values exit 2 naming the flag, before any folder is made', () => {
  it.each([
    ['--groups', [...TINY, '--groups', '3']], // 3 ∤ 8
    ['--groups', [...TINY, '--groups', '0']],
    ['--attention-heads', [...TINY, '--attention-heads', '3']], // 3 ∤ 16 channels at 4×4
    ['--attention-heads', [...TINY, '--attention-heads', 'x']],
    ['--dropout', [...TINY, '--dropout', '1']],
    ['--dropout', [...TINY, '--dropout', '-0.1']],
    ['--dropout', [...TINY, '--dropout', 'half']],
    ['--attention-resolutions', [...TINY, '--attention-resolutions', '0']],
    ['--attention-resolutions', [...TINY, '--attention-resolutions', '4,x']],
    ['--base-channels', [...TINY, '--base-channels', '9']], // odd
    ['--channel-multipliers', [...TINY, '--channel-multipliers', '1,0']],
    ['--res-blocks', [...TINY, '--res-blocks', '0']],
  ])('%s (%#)', async (flag, extra) => {
    const out = join(root, `bad-${flag.slice(2)}-${extra.at(-1)}`);
    expectBadInput(await runGen(train(out, 1, extra)), flag);
    expect(existsSync(out)).toBe(false);
  });

  it('a group count left at its default that does not divide --base-channels names --base-channels', async () => {
    const groups = UNET_DEFAULTS.groups;
    // 2·groups + 2 is even and not a multiple of groups when groups > 2; with groups ≤ 2 every even count divides.
    if (groups <= 2) return;
    const out = join(root, 'bad-default-groups');
    expectBadInput(await runGen(train(out, 1, ['--base-channels', String(2 * groups + 2)])), '--base-channels');
  });

  it('the U-Net flags with an MLP name the flag', async () => {
    for (const [flag, value] of [
      ['--attention-resolutions', '4'],
      ['--attention-heads', '2'],
      ['--dropout', '0.1'],
      ['--groups', '4'],
    ] as const) {
      const out = join(root, `mlp-${flag.slice(2)}`);
      expectBadInput(await runGen(['train', '--data', 'moons', flag, value, '--out', out]), flag);
    }
  });
});

describe('gen train with the U-Net flags: the run keeps its config', () => {
  it('train.json holds the whole architecture; --resume keeps it and refuses another', async () => {
    const settings = JSON.parse(await readFile(join(droppy, 'train.json'), 'utf8'));
    expect(settings.unet).toEqual({
      imageShape: [SIDE, SIDE, 1],
      baseChannels: 8,
      channelMultipliers: [1, 2],
      resBlocks: 1,
      attentionResolutions: [4],
      attentionHeads: 2,
      dropout: 0.5,
      groups: 4,
      classes: 2,
    });
    expect(settings.labels).toBe(join(root, 'labels-i8.npy'));
    const labels = ['--labels', join(root, 'labels-i8.npy')];
    const more = await runGen(train(droppy, 3, [...TINY, '--dropout', '0.5', ...labels, '--resume']));
    expect(more.code, more.errors).toBe(0);
    expect(more.errors).toMatch(/resuming .* from update 2/);
    const other = await runGen(train(droppy, 4, [...TINY, '--dropout', '0.2', ...labels, '--resume']));
    expectBadInput(other, '--resume');
    expect(other.errors).toMatch(/--dropout 0\.5\).*--dropout 0\.2/);
  }, 60_000);
});

describe('gen train --resume of a U-Net run recorded before train.json held the whole architecture', () => {
  it('reads the flags it lacks as the defaults of that time, so the run resumes with them and is refused without', async () => {
    // The architecture the earlier defaults gave (base 32, [1, 2, 2], attention at 7, 8 groups), every flag given.
    const earlier = [
      ...['--base-channels', '32', '--channel-multipliers', '1,2,2', '--res-blocks', '1'],
      ...['--attention-resolutions', '7', '--attention-heads', '1', '--dropout', '0', '--groups', '8'],
    ];
    const out = join(root, 'earlier');
    const first = await runGen(train(out, 1, ['--classes', 'off', ...earlier]));
    expect(first.code, first.errors).toBe(0);
    // Rewrite its train.json as the earlier version wrote it: only the image shape (no U-Net flag was given).
    const settings = JSON.parse(await readFile(join(out, 'train.json'), 'utf8'));
    settings.unet = { imageShape: settings.unet.imageShape };
    await writeFile(join(out, 'train.json'), JSON.stringify(settings));
    const refused = await runGen(train(out, 2, ['--classes', 'off', '--resume']));
    expectBadInput(refused, '--resume');
    expect(refused.errors).toMatch(/--base-channels 32.*--groups 8\).*--base-channels 8/);
    const resumed = await runGen(train(out, 2, ['--classes', 'off', ...earlier, '--resume']));
    expect(resumed.code, resumed.errors).toBe(0);
    expect(resumed.errors).toMatch(/resuming .* from update 1/);
  }, 120_000);
});

describe('gen sample of a model trained with dropout', () => {
  it('is deterministic for a fixed seed with --class and --guidance', async () => {
    const draw = async (name: string, extra: string[]) => {
      const file = join(root, `${name}.npy`);
      const args = ['sample', '--model', droppy, '-n', '3', '--method', 'rk4', '--steps', '3', '--out', file];
      const result = await runGen([...args, ...extra]);
      expect(result.code, result.errors).toBe(0);
      return (await readSamplesNpy(file)).values;
    };
    const guided = await draw('g1', ['--class', '1', '--guidance', '2']);
    expect(await draw('g2', ['--class', '1', '--guidance', '2'])).toEqual(guided);
    const plain = await draw('c1', ['--class', '1']);
    expect(await draw('c2', ['--class', '1'])).toEqual(plain);
    expect(Math.max(...plain.map((v, i) => Math.abs(v - (guided[i] as number))))).toBeGreaterThan(1e-4);
    // The saved model is the dropout one (so the determinism above is not that of a model without dropout).
    const file = join(root, 'droppy.safetensors');
    expect((await runGen(['export', '--model', droppy, '--out', file])).code).toBe(0);
    const model = await loadModel(file);
    expect(model.config).toMatchObject({ dropout: 0.5, groups: 4, attentionHeads: 2, classes: 2 });
    model.dispose();
    // Fine-tuning takes the file's architecture: the new flags are refused with --init-from, as the others are.
    const labels = ['--labels', join(root, 'labels-i8.npy')];
    for (const [flag, value] of [
      ['--dropout', '0.1'],
      ['--groups', '4'],
      ['--attention-heads', '2'],
      ['--attention-resolutions', 'none'],
    ] as const) {
      const out = join(root, `init-${flag.slice(2)}`);
      expectBadInput(await runGen(train(out, 0, ['--init-from', file, ...labels, flag, value])), flag);
    }
    const tuned = await runGen(train(join(root, 'tuned'), 0, ['--init-from', file, ...labels]));
    expect(tuned.code, tuned.errors).toBe(0);
  }, 60_000);
});

describe('gen train --labels for an images .npy', () => {
  it.each([
    ['uint8', '|u1', () => Uint8Array.from(CLASSES)],
    ['int32', '<i4', () => bytesOf(Int32Array.from(CLASSES))],
    ['float32 whole numbers', '<f4', () => bytesOf(Float32Array.from(CLASSES))],
    ['float64, classes 0 and 2 (K = 3)', '<f8', () => bytesOf(Float64Array.from(CLASSES, (c) => 2 * c))],
  ])(
    '%s labels train a class-conditional model, K = largest + 1',
    async (name, descr, data) => {
      const labels = await labelsFile(`labels-${descr.slice(1)}.npy`, descr, [N], data());
      const out = join(root, `labelled-${descr.slice(1)}`);
      const run = await runGen(train(out, 1, [...TINY, '--labels', labels]));
      expect(run.code, run.errors).toBe(0);
      const record = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
      expect(record.classes, name).toBe(descr === '<f8' ? 3 : 2);
    },
    60_000,
  );

  it('each bad labels file exits 2 naming --labels', async () => {
    const bad: [string, string | Promise<string>][] = [
      ['wrong length', labelsFile('short.npy', '<i4', [N - 1], bytesOf(Int32Array.from(CLASSES.slice(1))))],
      ['not whole', labelsFile('half.npy', '<f4', [N], bytesOf(Float32Array.from(CLASSES, (c) => c + 0.5)))],
      ['negative', labelsFile('negative.npy', '<i4', [N], bytesOf(Int32Array.from(CLASSES, (c) => c - 1)))],
      ['rank 2', labelsFile('column.npy', '<i4', [N, 1], bytesOf(Int32Array.from(CLASSES)))],
      ['another dtype', labelsFile('text.npy', '<U1', [N], new Uint8Array(4 * N))],
      ['missing', join(root, 'no-such-labels.npy')],
      ['not .npy', join(root, 'train.json')],
    ];
    for (const [what, file] of bad) {
      const out = join(root, `bad-labels-${what.replace(/\W/g, '-')}`);
      const run = await runGen(train(out, 1, [...TINY, '--labels', await file]));
      expect(run.code, what).toBe(2);
      expectBadInput(run, '--labels');
      expect(existsSync(out), what).toBe(false);
    }
    const labels = join(root, 'labels-i8.npy');
    expectBadInput(
      await runGen(['train', '--data', 'moons', '--labels', labels, '--out', join(root, 'x')]),
      '--labels',
    );
    expectBadInput(
      await runGen(['train', '--data', 'mnist', '--labels', labels, '--out', join(root, 'x')]),
      '--labels',
    );
  }, 60_000);
});
