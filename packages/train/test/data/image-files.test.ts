import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdx, parseImagesNpy, parseNpy } from '../../src/data/index.js';
import {
  encodePng,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIRECTORY,
  loadFashionMnist,
  loadImageData,
  loadImageFolder,
  loadImagesNpy,
} from '../../src/node.js';

let root: string;
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'gen-images-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An NPY file (format 1.0) with the given dtype, shape and data bytes, written by hand. */
function npy(descr: string, shape: readonly number[], data: Uint8Array): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const header = `${dict}${' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i += 1) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}

const bytesOf = (a: Float32Array | Float64Array | BigInt64Array | Int32Array) => new Uint8Array(a.buffer);

describe('parseImagesNpy', () => {
  it('reads uint8 [N, H, W, C] levels and int64 labels', () => {
    const levels = Uint8Array.from({ length: 3 * 2 * 2 * 3 }, (_, k) => (k * 20) % 256);
    const data = parseImagesNpy(npy('|u1', [3, 2, 2, 3], levels), {
      name: 'x.npy',
      labels: npy('<i8', [3], bytesOf(BigInt64Array.of(2n, 0n, 1n))),
    });
    expect([data.name, data.shape, data.size, data.classes]).toEqual(['x.npy', [2, 2, 3], 3, 3]);
    expect(Array.from(data.levels)).toEqual(Array.from(levels));
    expect(Array.from(data.labels ?? [])).toEqual([2, 0, 1]);
  });

  it('reads float [N, H, W] in [0, 1] as one channel, levels 255·v, and uint8 labels with a given K', () => {
    const values = Float32Array.of(0, 0.25, 0.5, 1, 1, 0.5, 0.25, 0);
    const data = parseImagesNpy(npy('<f4', [2, 2, 2], bytesOf(values)), {
      labels: npy('|u1', [2], Uint8Array.of(1, 1)),
      classes: 5,
    });
    expect([data.shape, data.classes]).toEqual([[2, 2, 1], 5]);
    expect(Array.from(data.levels)).toEqual([0, 63.75, 127.5, 255, 255, 127.5, 63.75, 0]);
  });

  it('refuses hostile or mismatched files with typed errors naming buffer or options.labels', () => {
    const images = npy('|u1', [2, 2, 2, 1], new Uint8Array(8));
    const labels = (descr: string, shape: number[], data: Uint8Array) => () =>
      parseImagesNpy(images, { labels: npy(descr, shape, data) });
    expectInvalidArgument(() => parseImagesNpy(images.subarray(0, images.length - 1)), InvalidArgumentError, 'buffer');
    expectInvalidArgument(() => parseImagesNpy(images.subarray(0, 30)), InvalidArgumentError, 'buffer');
    expectInvalidArgument(() => parseImagesNpy(new Uint8Array(5)), InvalidArgumentError, 'buffer');
    // A header claiming 10¹² pixels over 8 bytes of data: refused by the length check, nothing allocated.
    expectInvalidArgument(
      () => parseImagesNpy(npy('|u1', [1_000_000, 1000, 1000, 1], new Uint8Array(8))),
      InvalidArgumentError,
      'buffer',
    );
    expectInvalidArgument(() => parseImagesNpy(npy('|u1', [8, 1], new Uint8Array(8))), ShapeError, 'buffer');
    expectInvalidArgument(() => parseImagesNpy(npy('|u1', [0, 2, 2, 1], new Uint8Array(0))), ShapeError, 'buffer');
    expectInvalidArgument(
      () => parseImagesNpy(npy('<i4', [2, 1, 1], new Uint8Array(8))),
      InvalidArgumentError,
      'buffer',
    );
    expectInvalidArgument(
      () => parseImagesNpy(npy('<f4', [2, 1, 1], bytesOf(Float32Array.of(0.5, 255)))),
      InvalidArgumentError,
      'buffer',
    );
    expect(() => parseImagesNpy(npy('<f4', [2, 1, 1], bytesOf(Float32Array.of(0.5, -1))), { name: 'y.npy' })).toThrow(
      /In y\.npy\. Entry 1\./,
    );
    expectInvalidArgument(labels('<i8', [3], new Uint8Array(24)), ShapeError, 'options.labels');
    expectInvalidArgument(labels('<f4', [2], new Uint8Array(8)), InvalidArgumentError, 'options.labels');
    expectInvalidArgument(labels('|u1', [2], Uint8Array.of(0)), InvalidArgumentError, 'options.labels');
    expectInvalidArgument(
      labels('<i8', [2], bytesOf(BigInt64Array.of(0n, 2n ** 60n))),
      InvalidArgumentError,
      'options.labels',
    );
    expectInvalidArgument(labels('<i4', [2], bytesOf(Int32Array.of(0, -3))), InvalidArgumentError, 'options.labels');
  });

  it('leaves parseNpy as it was: 2-D floats only, with its own messages', () => {
    expectInvalidArgument(() => parseNpy(npy('|u1', [2, 2], new Uint8Array(4))), InvalidArgumentError, 'buffer');
    expect(() => parseNpy(npy('|u1', [2, 2], new Uint8Array(4)))).toThrow(/dtype '<f4' or '<f8'.*astype\("<f4"\)/);
    expectInvalidArgument(() => parseNpy(npy('<f4', [1, 2, 1], new Uint8Array(8))), ShapeError, 'buffer');
  });
});

describe('parseIdx', () => {
  it('reads the header and data, and refuses bad files', () => {
    const file = Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6);
    const { shape, values } = parseIdx(file, 'x');
    expect([shape, Array.from(values)]).toEqual([
      [2, 3],
      [1, 2, 3, 4, 5, 6],
    ]);
    expectInvalidArgument(() => parseIdx(file.subarray(0, 17), 'x'), InvalidArgumentError, 'bytes');
    expectInvalidArgument(() => parseIdx(file.subarray(0, 9), 'x'), InvalidArgumentError, 'bytes');
    expectInvalidArgument(
      () => parseIdx(Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0), 'x'),
      InvalidArgumentError,
      'bytes',
    );
    expectInvalidArgument(() => parseIdx(Uint8Array.of(0, 0, 8, 0), 'x'), ShapeError, 'bytes');
    expectInvalidArgument(() => parseIdx(Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 1, 7), 'x'), InvalidArgumentError, 'bytes');
    // 2³² · 2³² · … claimed over no data: refused by the length check.
    expectInvalidArgument(
      () => parseIdx(Uint8Array.of(0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255), 'x'),
      InvalidArgumentError,
      'bytes',
    );
  });
});

describe('loadFashionMnist', () => {
  it('reads Debian’s dataset-fashion-mnist: 60 000 train and 10 000 test images with their known first labels', async (context) => {
    const installed = await loadFashionMnist({ split: 'test' }).catch(() => undefined);
    if (installed === undefined) {
      context.skip(`dataset-fashion-mnist is not installed in ${FASHION_MNIST_DIRECTORY}`);
      return;
    }
    expect([installed.size, installed.shape, installed.classes]).toEqual([10_000, [28, 28, 1], 10]);
    expect(Array.from(installed.labels?.subarray(0, 8) ?? [])).toEqual([9, 2, 1, 1, 6, 1, 4, 6]);
    const train = await loadFashionMnist();
    expect(train.size).toBe(60_000);
    expect(Array.from(train.labels?.subarray(0, 10) ?? [])).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(train.classNames).toEqual(FASHION_MNIST_CLASSES);
    // Fashion-MNIST's training mean intensity is 0.2860 (std 0.3530).
    let sum = 0;
    for (const level of train.levels) sum += level;
    expect(sum / train.levels.length / 255).toBeCloseTo(0.286, 3);
    const counts = Array.from({ length: 10 }, (_, c) => train.labels?.filter((l) => l === c).length);
    expect(counts).toEqual(Array(10).fill(6000));
  });

  it('says how to get the data when the folder lacks it, naming options.directory', async () => {
    const missing = join(root, 'no-such-folder');
    const error = await loadFashionMnist({ directory: missing }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).parameter).toBe('options.directory');
    expect((error as Error).message).toContain('apt-get install dataset-fashion-mnist');
    expect((error as Error).message).toContain('train-images-idx3-ubyte.gz');
    expect((error as Error).message.length).toBeLessThan(800);
  });

  it('reads files in the same format from another folder, and refuses corrupt ones', async () => {
    const dir = join(root, 'tiny-fashion');
    await mkdir(dir);
    const idx = (shape: number[], data: number[]) => {
      const header = new Uint8Array(4 + 4 * shape.length);
      header.set([0, 0, 8, shape.length]);
      for (const [i, s] of shape.entries()) new DataView(header.buffer).setUint32(4 + 4 * i, s);
      return gzipSync(Buffer.concat([header, Uint8Array.from(data)]));
    };
    const image = Array.from({ length: 784 }, (_, k) => k % 256);
    await writeFile(join(dir, 't10k-images-idx3-ubyte.gz'), idx([2, 28, 28], [...image, ...image.map((v) => 255 - v)]));
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), idx([2], [7, 3]));
    const data = await loadFashionMnist({ split: 'test', directory: dir });
    expect([data.size, Array.from(data.labels ?? []), data.levels[785]]).toEqual([2, [7, 3], 254]);
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), idx([3], [7, 3, 1]));
    await expect(loadFashionMnist({ split: 'test', directory: dir })).rejects.toMatchObject({
      parameter: 'options.directory',
    });
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), Uint8Array.of(1, 2, 3));
    await expect(loadFashionMnist({ split: 'test', directory: dir })).rejects.toMatchObject({ parameter: 'bytes' });
  });
});

describe('loadImageFolder', () => {
  it('reads a folder of PNGs (unlabelled) and class sub-folders (labelled, in name order)', async () => {
    const flat = join(root, 'flat');
    const classes = join(root, 'classes');
    await mkdir(flat);
    const grey = (v: number) => encodePng(new Uint8Array(6).fill(v), 3, 2, { channels: 1, filter: 2 });
    await writeFile(join(flat, 'b.png'), grey(20));
    await writeFile(join(flat, 'a.png'), grey(10));
    await writeFile(join(flat, 'notes.txt'), 'skipped');
    const data = await loadImageFolder(flat);
    expect([data.name, data.shape, data.size, data.classes]).toEqual(['flat', [2, 3, 1], 2, undefined]);
    expect(Array.from(data.levels)).toEqual([...Array(6).fill(10), ...Array(6).fill(20)]);
    for (const [name, values] of [
      ['cat', [1, 2]],
      ['ant', [3]],
    ] as const) {
      await mkdir(join(classes, name), { recursive: true });
      for (const v of values) await writeFile(join(classes, name, `${v}.png`), grey(v));
    }
    const labelled = await loadImageFolder(classes, { dequantize: true });
    expect([labelled.classes, labelled.classNames, labelled.dequantize]).toEqual([2, ['ant', 'cat'], true]);
    expect(Array.from(labelled.labels ?? [])).toEqual([0, 1, 1]);
    expect(Array.from(labelled.levels.filter((_, k) => k % 6 === 0))).toEqual([3, 1, 2]);
  });

  it('refuses mixed shapes, bad PNGs, empty folders and missing paths with typed errors', async () => {
    const mixed = join(root, 'mixed');
    await mkdir(mixed);
    await writeFile(join(mixed, 'a.png'), encodePng(new Uint8Array(4 * 4), 2, 2));
    await writeFile(join(mixed, 'b.png'), encodePng(new Uint8Array(4), 2, 2, { channels: 1 }));
    await expect(loadImageFolder(mixed)).rejects.toMatchObject({ name: ShapeError.kind, parameter: 'path' });
    await writeFile(join(mixed, 'b.png'), 'not a png');
    await expect(loadImageFolder(mixed)).rejects.toMatchObject({ parameter: 'bytes' });
    const empty = join(root, 'empty');
    await mkdir(empty);
    await expect(loadImageFolder(empty)).rejects.toMatchObject({ parameter: 'path' });
    await expect(loadImageFolder(join(root, 'absent'))).rejects.toMatchObject({ parameter: 'path' });
  });
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
