import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, ShapeError } from '@gen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng, loadImageFolder } from '../../src/node.js';

let root: string;
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'gen-images-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
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
