import { InvalidArgumentError, ShapeError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../src/data/png-decode.js';
import { encodePng } from '../../src/node.js';
import { imageGridFigure, type PixelRect, textWidth, trajectoryFramesFigure } from '../../src/plot/index.js';

/** The RGB of pixel (x, y) of an RGBA canvas. */
function rgb(canvas: { pixels: Uint8Array; width: number }, x: number, y: number): number[] {
  const i = 4 * (y * canvas.width + x);
  return Array.from(canvas.pixels.subarray(i, i + 3));
}

/** Whether any pixel of a rectangle is not white. */
function inked(canvas: { pixels: Uint8Array; width: number }, rect: PixelRect): boolean {
  for (let y = rect.top; y < rect.top + rect.height; y += 1) {
    for (let x = rect.left; x < rect.left + rect.width; x += 1)
      if (rgb(canvas, x, y).some((v) => v !== 255)) return true;
  }
  return false;
}

describe('imageGridFigure', () => {
  it('maps [−1, 1] to 0–255 (clipped, NaN as 0), each pixel a scale×scale block, row by row', () => {
    // Three 2×2 grey images.
    const images = [-1, 1, 0, 0.5, 2, -5, Number.NaN, -0.5, 0.25, 0.25, 0.25, 0.25];
    const { canvas, cells } = imageGridFigure({ images, shape: [2, 2, 1], columns: 2, scale: 3, gap: 1 });
    expect([canvas.width, canvas.height]).toEqual([8 + 6 + 1 + 6 + 8, 8 + 6 + 1 + 6 + 8]);
    expect(cells).toEqual([
      { left: 8, top: 8, width: 6, height: 6 },
      { left: 15, top: 8, width: 6, height: 6 },
      { left: 8, top: 15, width: 6, height: 6 },
    ]);
    const expected = [0, 255, 128, 191, 255, 0, 0, 64, 159, 159, 159, 159];
    for (const [k, cell] of cells.entries()) {
      for (let y = 0; y < 6; y += 1) {
        for (let x = 0; x < 6; x += 1) {
          const byte = expected[k * 4 + Math.floor(y / 3) * 2 + Math.floor(x / 3)] as number;
          expect(rgb(canvas, cell.left + x, cell.top + y)).toEqual([byte, byte, byte]);
        }
      }
    }
    // The gap between cells, the margin and the empty fourth cell stay white.
    expect(rgb(canvas, 14, 10)).toEqual([255, 255, 255]);
    expect(rgb(canvas, 3, 3)).toEqual([255, 255, 255]);
    expect(inked(canvas, { left: 15, top: 15, width: 6, height: 6 })).toBe(false);
    // Written by gen's PNG encoder, read back by its decoder: the same pixels.
    const png = decodePng(encodePng(canvas.pixels, canvas.width, canvas.height));
    expect(Array.from(png.pixels)).toEqual(Array.from(canvas.pixels));
  });

  it('draws RGB channels in order and ignores alpha', () => {
    const { canvas, cells } = imageGridFigure({ images: [1, -1, 0, -1, -1, 1, 0.5, -1], shape: [1, 2, 4], scale: 1 });
    const cell = cells[0] as PixelRect;
    expect(rgb(canvas, cell.left, cell.top)).toEqual([255, 0, 128]);
    expect(rgb(canvas, cell.left + 1, cell.top)).toEqual([0, 255, 191]);
    const three = imageGridFigure({ images: [1, 0, -1], shape: [1, 1, 3], scale: 1 });
    expect(rgb(three.canvas, 8, 8)).toEqual([255, 128, 0]);
  });

  it('puts one row per class with its label on the left, and a title above', () => {
    const perClass = 3;
    const images = Array.from({ length: 2 * perClass * 4 }, (_, k) => (Math.floor(k / (perClass * 4)) === 0 ? -1 : 1));
    const { canvas, cells } = imageGridFigure({
      images,
      shape: [2, 2, 1],
      rowLabels: ['cat', 'dog'],
      title: 'samples',
      scale: 4,
    });
    expect(cells.length).toBe(6);
    const left = 8 + Math.max(textWidth('cat', 2), textWidth('dog', 2)) + 8;
    expect(cells[0]?.left).toBe(left);
    expect(cells[3]?.left).toBe(left);
    expect(cells[3]?.top).toBe((cells[0]?.top as number) + 8 + 2);
    expect(rgb(canvas, cells[2]?.left as number, cells[2]?.top as number)).toEqual([0, 0, 0]); // row 0: class 0 = −1
    expect(rgb(canvas, cells[5]?.left as number, cells[5]?.top as number)).toEqual([255, 255, 255]); // row 1: +1
    for (const row of [0, 3]) {
      const cell = cells[row] as PixelRect;
      expect(inked(canvas, { left: 8, top: cell.top, width: left - 16, height: cell.height })).toBe(true);
    }
    expect(inked(canvas, { left: 0, top: 0, width: canvas.width, height: 8 + 18 })).toBe(true);
  });

  it('refuses bad shapes, counts and styles with typed errors', () => {
    const images = new Float32Array(8);
    expectInvalidArgument(() => imageGridFigure({ images, shape: [2, 2, 2] }), ShapeError, 'options.shape');
    expectInvalidArgument(() => imageGridFigure({ images, shape: [2, 2] }), ShapeError, 'options.shape');
    expectInvalidArgument(() => imageGridFigure({ images, shape: [3, 1, 1] }), ShapeError, 'options.images');
    expectInvalidArgument(
      () => imageGridFigure({ images, shape: [1, 1, 1], rowLabels: ['a', 'b', 'c'] }),
      ShapeError,
      'options.images',
    );
    expectInvalidArgument(
      () => imageGridFigure({ images, shape: [1, 1, 1], columns: 0 }),
      InvalidArgumentError,
      'options.columns',
    );
    expectInvalidArgument(
      () => imageGridFigure({ images, shape: [1, 1, 1], scale: 17 }),
      InvalidArgumentError,
      'options.scale',
    );
    expectInvalidArgument(
      () => imageGridFigure({ images, shape: [1, 1, 1], gap: -1 }),
      InvalidArgumentError,
      'options.gap',
    );
    expectInvalidArgument(
      () => imageGridFigure({ images: new Float32Array(4000), shape: [1, 1, 1], columns: 4000, scale: 16 }),
      InvalidArgumentError,
      'options.images',
    );
  });
});

describe('trajectoryFramesFigure', () => {
  it('draws one row per image and one column per time, headed by the times', () => {
    // 3 frames of 2 one-pixel images: frame j holds [j/2 − 1, 1 − j/2].
    const frames = [0, 1, 2].map((j) => [j / 2 - 1, 1 - j / 2]);
    const { canvas, cells } = trajectoryFramesFigure({ frames, times: [1, 0.5, 0], shape: [1, 1, 1], scale: 16 });
    expect(cells.length).toBe(6);
    for (let i = 0; i < 2; i += 1) {
      for (let j = 0; j < 3; j += 1) {
        const cell = cells[i * 3 + j] as PixelRect;
        const value = (frames[j] as number[])[i] as number;
        const byte = Math.round((255 * (value + 1)) / 2);
        expect(rgb(canvas, cell.left + 8, cell.top + 8)).toEqual([byte, byte, byte]);
        if (i === 1) expect(cell.top).toBeGreaterThan((cells[j] as PixelRect).top);
      }
    }
    const first = cells[0] as PixelRect;
    for (const cell of cells.slice(0, 3)) {
      expect(inked(canvas, { left: cell.left, top: 8, width: cell.width, height: first.top - 8 })).toBe(true);
    }
  });

  it('refuses frames of unequal length and times that do not match', () => {
    expectInvalidArgument(
      () => trajectoryFramesFigure({ frames: [[0, 0], [0]], times: [0, 1], shape: [1, 1, 1] }),
      ShapeError,
      'options.frames',
    );
    expectInvalidArgument(
      () => trajectoryFramesFigure({ frames: [], times: [], shape: [1, 1, 1] }),
      ShapeError,
      'options.frames',
    );
    expectInvalidArgument(
      () => trajectoryFramesFigure({ frames: [[0], [1]], times: [0], shape: [1, 1, 1] }),
      ShapeError,
      'options.times',
    );
  });
});
