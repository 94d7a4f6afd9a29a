import { describe, expect, it } from 'vitest';
import { Canvas, viridis } from '../../src/plot/index.js';

describe('Canvas', () => {
  it('maps data coordinates to pixels and draws points, lines and heat maps', () => {
    const canvas = new Canvas(11, 11, { xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
    expect(canvas.toPixel(0, 0)).toEqual([5, 5]);
    expect(canvas.toPixel(-1, 1)).toEqual([0, 0]);
    canvas.points([0, 0], [255, 0, 0, 255], 0);
    const at = (x: number, y: number) => Array.from(canvas.pixels.subarray(4 * (y * 11 + x), 4 * (y * 11 + x) + 3));
    expect(at(5, 5)).toEqual([255, 0, 0]);
    expect(at(4, 5)).toEqual([255, 255, 255]);
    canvas.polyline([-1, -1, 1, -1], [0, 0, 255, 255]);
    expect(at(0, 10)).toEqual([0, 0, 255]);
    expect(at(10, 10)).toEqual([0, 0, 255]);
    const heat = new Canvas(4, 4, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 });
    heat.heatMap([0, 1, 2, 3], 2, viridis);
    expect(Array.from(heat.pixels.subarray(0, 3))).toEqual([68, 1, 84]);
    expect(Array.from(heat.pixels.subarray(4 * 15, 4 * 15 + 3))).toEqual([253, 231, 37]);
  });
});
