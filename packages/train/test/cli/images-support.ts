import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '@gen/core';
import { toNpy } from '../../src/data/index.js';
import { readNpyArray } from '../../src/data/npy.js';
import { decodePng } from '../../src/data/png-decode.js';
import { imageGridFigure } from '../../src/plot/index.js';
import { encodePng } from '../../src/plot/png.js';

/** The side of the test images (8×8, one channel). */
export const SIDE = 8;

/** A seeded 8×8 grey image: class 0 is bright on the left half, class 1 on the right, plus noise. */
function image(label: number, rng: Rng): number[] {
  return Array.from({ length: SIDE * SIDE }, (_, i) => {
    const left = i % SIDE < SIDE / 2;
    const base = (label === 0) === left ? 0.8 : 0.2;
    // Whole 8-bit levels (bits/dim is defined for 8-bit images).
    return Math.round(255 * Math.min(1, Math.max(0, base + 0.1 * (rng.uniform() - 0.5)))) / 255;
  });
}

/**
 * Writes `n` unlabelled 8×8×1 images as a float `.npy` [n, 8, 8, 1] with values in [0, 1].
 *
 * @param path - The file.
 * @param n - Images.
 */
export async function writeImagesNpy(path: string, n = 16): Promise<void> {
  const rng = new Rng(5);
  const rows = Array.from({ length: n }, (_, k) => image(k % 2, rng));
  await writeFile(path, toNpy(rows, [n, SIDE, SIDE, 1]));
}

/**
 * Writes a labelled folder of 8×8 grey PNGs: sub-folders `a` (class 0) and `b` (class 1), `perClass` images each.
 *
 * @param dir - The folder.
 * @param perClass - Images per class.
 */
export async function writeLabelledPngFolder(dir: string, perClass = 6): Promise<void> {
  const rng = new Rng(9);
  for (const [label, name] of ['a', 'b'].entries()) {
    await mkdir(join(dir, name), { recursive: true });
    for (let k = 0; k < perClass; k += 1) {
      const pixels = Uint8Array.from(image(label, rng), (v) => Math.round(255 * v));
      await writeFile(join(dir, name, `${k}.png`), encodePng(pixels, SIDE, SIDE, { channels: 1 }));
    }
  }
}

/**
 * Reads a `.npy` file of float32 values written by `gen sample`.
 *
 * @param path - The file.
 * @returns Its shape and values.
 */
export async function readSamplesNpy(path: string): Promise<{ shape: readonly number[]; values: Float32Array }> {
  const array = readNpyArray(await readFile(path), {
    name: path,
    dtypes: ['<f4'],
    expectedDtype: "'<f4'",
    dtypeHint: '',
    checkShape() {},
  });
  return { shape: array.shape, values: array.values as Float32Array };
}

/**
 * The width and height of a PNG file.
 *
 * @param path - The file.
 * @returns Its size.
 */
export async function pngSize(path: string): Promise<{ width: number; height: number }> {
  const { width, height } = decodePng(await readFile(path));
  return { width, height };
}

/**
 * The size of the grid `imageGridFigure` draws for `n` images of 8×8×1 (with one row per label when given).
 *
 * @param n - Images.
 * @param rowLabels - Row labels.
 * @param title - The title.
 * @returns The canvas size.
 */
export function gridSize(n: number, rowLabels?: string[], title?: string): { width: number; height: number } {
  const { canvas } = imageGridFigure({
    images: new Float32Array(n * SIDE * SIDE),
    shape: [SIDE, SIDE, 1],
    ...(rowLabels === undefined ? {} : { rowLabels }),
    ...(title === undefined ? {} : { title }),
  });
  return { width: canvas.width, height: canvas.height };
}
