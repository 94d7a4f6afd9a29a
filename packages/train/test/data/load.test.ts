import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv, toNpy } from '../../src/data/index.js';
import { encodePng, loadCsv, loadImageData, loadImagesNpy, loadNpy } from '../../src/node.js';
import { FLOAT64_ROWS } from '../fixtures/awkward-floats.js';
import { bytesOf, npy } from '../fixtures/npy.js';

let root: string;
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'gen-images-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadImageData', () => {
  it('dispatches mnist, an images .npy with labels, and a PNG folder', async () => {
    const mnist = await loadImageData('mnist', { split: 'test', dequantize: true });
    expect([mnist.name, mnist.size, mnist.dequantize]).toEqual(['mnist-test', 1000, true]);
    await writeFile(join(root, 'x.npy'), npy('|u1', [2, 1, 1, 1], Uint8Array.of(0, 255)));
    await writeFile(join(root, 'y.npy'), npy('<i8', [2], bytesOf(BigInt64Array.of(1n, 0n))));
    const fromNpy = await loadImageData(join(root, 'x.npy'), { labels: join(root, 'y.npy') });
    expect([fromNpy.name, fromNpy.size, Array.from(fromNpy.labels ?? [])]).toEqual(['x.npy', 2, [1, 0]]);
    const direct = await loadImagesNpy(join(root, 'x.npy'));
    expect(direct.labels).toBeUndefined();
    const folder = join(root, 'one');
    await mkdir(folder);
    await writeFile(join(folder, 'a.png'), encodePng(new Uint8Array(3), 1, 1, { channels: 3 }));
    expect((await loadImageData(folder)).shape).toEqual([1, 1, 3]);
  });

  it('refuses other sources and options that do not apply', async () => {
    await writeFile(join(root, 'points.csv'), '1,2\n');
    await expect(loadImageData(join(root, 'points.csv'))).rejects.toMatchObject({ parameter: 'source' });
    await expect(loadImageData(join(root, 'missing'))).rejects.toMatchObject({ parameter: 'source' });
    await expect(loadImageData(join(root, 'x.npy'), { split: 'test' })).rejects.toMatchObject({
      parameter: 'options.split',
    });
    await expect(loadImageData('mnist', { labels: 'y.npy' })).rejects.toMatchObject({ parameter: 'options.labels' });
    await expect(loadImageData('mnist', { directory: '/tmp' })).rejects.toMatchObject({
      parameter: 'options.directory',
    });
    await expect(loadImageData(join(root, 'x.npy'), { labels: join(root, 'nope.npy') })).rejects.toMatchObject({
      parameter: 'options.labels',
    });
  });
});

describe('loadCsv and loadNpy', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gen-train-data-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('read files written by toCsv and toNpy, named after the file', async () => {
    await writeFile(join(dir, 'a.csv'), toCsv(FLOAT64_ROWS, { columns: ['p', 'q', 'r'] }));
    await writeFile(join(dir, 'a.npy'), toNpy(FLOAT64_ROWS));
    const csv = await loadCsv(join(dir, 'a.csv'));
    const npy = await loadNpy(join(dir, 'a.npy'));
    expect([csv.name, npy.name]).toEqual(['a.csv', 'a.npy']);
    expect(Array.from(csv.values)).toEqual(FLOAT64_ROWS.flat());
    expect(Array.from(npy.values)).toEqual(FLOAT64_ROWS.flat());
    await expect(loadCsv(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});
