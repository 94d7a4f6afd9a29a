import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InvalidArgumentError, initBackend } from '@gen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIRECTORY, loadFashionMnist } from '../../src/node.js';

let root: string;
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'gen-images-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
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
