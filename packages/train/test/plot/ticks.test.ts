import { InvalidArgumentError } from '@gen/core';
import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  Canvas,
  colorBarTicks,
  densityRange,
  figureLayout,
  formatTick,
  logTicks,
  niceTicks,
} from '../../src/plot/index.js';

describe('niceTicks', () => {
  it('picks the smallest 1/2/5 × 10^k step with at most maxCount ticks inside the range', () => {
    expect(niceTicks(-1.3, 2.7)).toEqual({ values: [-1, 0, 1, 2], step: 1 });
    expect(niceTicks(0, 1)).toEqual({ values: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
    expect(niceTicks(-12, -0.12, 8)).toEqual({ values: [-12, -10, -8, -6, -4, -2], step: 2 });
    expect(niceTicks(0.0012, 0.0047, 5)).toEqual({ values: [0.002, 0.003, 0.004], step: 0.001 });
    expect(niceTicks(0, 1e6, 5)).toEqual({ values: [0, 5e5, 1e6], step: 5e5 });
    expect(niceTicks(-1.3, 2.7, 8)).toEqual({ values: [-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5], step: 0.5 });
  });

  it('keeps every tick inside the range, evenly spaced, on a 1/2/5 step, for many ranges', () => {
    for (const [lo, hi, max] of [
      [-3.7, 9.1, 6],
      [1e-5, 3e-5, 7],
      [123.4, 125.9, 4],
      [-0.01, 0.01, 5],
    ] as const) {
      const { values, step } = niceTicks(lo, hi, max);
      expect(values.length).toBeGreaterThanOrEqual(2);
      expect(values.length).toBeLessThanOrEqual(max);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
      for (let k = 1; k < values.length; k += 1)
        expect((values[k] as number) - (values[k - 1] as number)).toBeCloseTo(step, 12);
      // The next smaller 1/2/5 step would give more than max ticks.
      const smaller = step * (Math.abs(mantissa - 2) < 1e-9 ? 0.5 : Math.abs(mantissa - 5) < 1e-9 ? 0.4 : 0.5);
      expect(Math.floor(hi / smaller + 1e-9) - Math.ceil(lo / smaller - 1e-9) + 1).toBeGreaterThan(max);
    }
  });
});

describe('niceTicks arguments', () => {
  it('refuses an empty, reversed or non-finite range and a bad maxCount (no endless search)', () => {
    for (const [lo, hi] of [
      [1, 1],
      [2, 1],
      [Number.NaN, 1],
      [0, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(() => niceTicks(lo, hi)).toThrow(InvalidArgumentError);
      expect(() => niceTicks(lo, hi)).toThrow(/"lo, hi"/);
    }
    for (const maxCount of [1, 2.5, 1001])
      expect(() => niceTicks(0, 1, maxCount)).toThrow(expect.objectContaining({ parameter: 'maxCount' }));
  });
});

describe('logTicks', () => {
  it('uses 1, 2, 5 × 10^k, then decades, then linear round values', () => {
    expect(logTicks(0.15, 1.2)).toEqual({ values: [0.2, 0.5, 1], labels: ['0.2', '0.5', '1'] });
    // 15 candidates from 0.001 to 50: only the decades.
    expect(logTicks(0.001, 50)).toEqual({
      values: [0.001, 0.01, 0.1, 1, 10],
      labels: ['0.001', '0.01', '0.1', '1', '10'],
    });
    // 16 decades: every fifth (every one and every second give 16 and 8 > 7).
    expect(logTicks(1e-12, 1e3)).toEqual({ values: [1e-10, 1e-5, 1], labels: ['1e\u221210', '1e\u22125', '1'] });
    // No 1/2/5 value inside: round values as on a linear axis, with the step's decimals.
    expect(logTicks(0.3, 0.45)).toEqual({ values: [0.3, 0.35, 0.4, 0.45], labels: ['0.30', '0.35', '0.40', '0.45'] });
    expect(logTicks(2, 5)).toEqual({ values: [2, 5], labels: ['2', '5'] });
  });

  it('refuses a range that is not positive and increasing, and a bad maxCount', () => {
    expect(() => logTicks(0, 1)).toThrow(expect.objectContaining({ parameter: 'min, max' }));
    expect(() => logTicks(2, 1)).toThrow(expect.objectContaining({ parameter: 'min, max' }));
    expect(() => logTicks(1, Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
    expect(() => logTicks(1, 10, 1)).toThrow(expect.objectContaining({ parameter: 'maxCount' }));
  });
});

describe('formatTick', () => {
  it('writes the step’s decimals, a true minus sign, 0 for −0 and exponents for extreme steps', () => {
    expect(formatTick(-1, 1)).toBe('\u22121');
    expect(formatTick(0, 1)).toBe('0');
    expect(formatTick(-1e-17, 0.2)).toBe('0.0');
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
    expect(formatTick(-0.5, 0.5)).toBe('\u22120.5');
    expect(formatTick(2, 0.5)).toBe('2.0');
    expect(formatTick(-12, 2)).toBe('\u221212');
    expect(formatTick(250, 50)).toBe('250');
    expect(formatTick(2e-4, 1e-4)).toBe('2e\u22124');
    expect(formatTick(1.5e-4, 5e-5)).toBe('1.5e\u22124');
    expect(formatTick(-3e-4, 1e-4)).toBe('\u22123e\u22124');
    expect(formatTick(5e5, 5e5)).toBe('5e5');
    expect(formatTick(1e-20, 1e-4)).toBe('0');
  });
});

describe('Canvas frame mapping', () => {
  const frame = { left: 76, top: 44, width: 480, height: 480 };
  const canvas = new Canvas(584, 588, { xMin: -1.3, xMax: 2.7, yMin: -1.3, yMax: 2.7 }, frame);

  it('maps the view’s corners to the frame’s corner pixels and round-trips', () => {
    expect(canvas.toPixel(-1.3, 2.7)).toEqual([76, 44]);
    expect(canvas.toPixel(2.7, -1.3)).toEqual([555, 523]);
    const [px, py] = canvas.toPixel(0.37, -0.81);
    expect(px).toBeCloseTo(76 + (1.67 / 4) * 479, 10);
    expect(py).toBeCloseTo(44 + (3.51 / 4) * 479, 10);
    const [x, y] = canvas.toData(px, py);
    expect(x).toBeCloseTo(0.37, 12);
    expect(y).toBeCloseTo(-0.81, 12);
  });

  it('clips points and lines to the frame', () => {
    const c = new Canvas(20, 20, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, { left: 5, top: 5, width: 10, height: 10 });
    c.points([0, 1], [255, 0, 0, 255], 3);
    c.polyline([-1, 0.5, 2, 0.5], [0, 0, 255, 255]);
    const at = (x: number, y: number) => Array.from(c.pixels.subarray(4 * (y * 20 + x), 4 * (y * 20 + x) + 3));
    expect(at(5, 5)).toEqual([255, 0, 0]);
    expect(at(8, 5)).toEqual([255, 0, 0]);
    expect(at(4, 5)).toEqual([255, 255, 255]);
    expect(at(5, 4)).toEqual([255, 255, 255]);
    const row = Math.round(c.toPixel(0, 0.5)[1]);
    expect(at(5, row)).toEqual([0, 0, 255]);
    expect(at(14, row)).toEqual([0, 0, 255]);
    expect(at(4, row)).toEqual([255, 255, 255]);
    expect(at(15, row)).toEqual([255, 255, 255]);
  });

  it('puts the axes’ ticks at the round values’ pixels', () => {
    const ticks = axisTicks(canvas);
    expect(ticks.x.values).toEqual([-1, 0, 1, 2]);
    // 76 + (v + 1.3)/4 · 479 rounded: 111.925, 231.675, 351.425, 471.175.
    expect(ticks.x.pixels).toEqual([112, 232, 351, 471]);
    expect(ticks.y.values).toEqual([-1, 0, 1, 2]);
    // 44 + (2.7 − v)/4 · 479 rounded: 487.075, 367.325, 247.575, 127.825.
    expect(ticks.y.pixels).toEqual([487, 367, 248, 128]);
  });
});

describe('figure layout, colour bar ticks and density range', () => {
  it('leaves margins for the title, labels and colour bar', () => {
    expect(figureLayout(480, false)).toEqual({
      width: 584,
      height: 588,
      frame: { left: 76, top: 44, width: 480, height: 480 },
    });
    const withBar = figureLayout(480, true);
    expect(withBar.colorBar).toEqual({ left: 580, top: 44, width: 22, height: 480 });
    expect(withBar.width).toBe(694);
  });

  it('places colour bar ticks by value, top = high', () => {
    const ticks = colorBarTicks({ left: 0, top: 0, width: 20, height: 481 }, [-10, 0]);
    expect(ticks.values).toEqual([-10, -8, -6, -4, -2, 0]);
    expect(ticks.rows).toEqual([480, 384, 288, 192, 96, 0]);
    expect(colorBarTicks({ left: 0, top: 10, width: 20, height: 101 }, [-10, 0]).rows).toEqual([110, 10]);
  });

  it('clips the density scale span nats below the maximum', () => {
    expect(densityRange([-30, -2, 1], 12)).toEqual([-11, 1]);
    expect(densityRange([-3, Number.NEGATIVE_INFINITY, -2], 12)).toEqual([-3, -2]);
    expect(densityRange([5, 5], 12)).toEqual([4.5, 5.5]);
    expect(densityRange([Number.NaN], 12)).toEqual([0, 1]);
  });
});
