import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/node.js';
import {
  AXIS_COLOR,
  axisTicks,
  type Canvas,
  colorBarTicks,
  DATA_COLOR,
  densityFigure,
  figureLayout,
  legendLayout,
  opaque,
  PATH_COLOR,
  SAMPLE_COLOR,
  samplesFigure,
  TICK_LENGTH,
  trajectoriesFigure,
  viridis,
} from '../../src/plot/index.js';
import { type DecodedPng, decodePng } from '../fixtures/png.js';

const view = { xMin: -1.3, xMax: 2.7, yMin: -1.3, yMax: 2.7 };
const WHITE = [255, 255, 255];
const rgb = (c: readonly number[]) => c.slice(0, 3);

/** Points on two arcs inside the view (no randomness needed for pixel checks). */
const data = Float32Array.from({ length: 400 }, (_, i) => {
  const k = Math.floor(i / 2);
  const t = (Math.PI * k) / 200;
  return i % 2 === 0 ? Math.cos(t) : Math.sin(t);
});
const samples = data.map((v, i) => (i % 2 === 0 ? v + 1 : 0.5 - v));

/** Dark (text or axis) pixels in a rectangle. */
function darkPixels(png: DecodedPng, left: number, top: number, right: number, bottom: number): number {
  let n = 0;
  for (let y = top; y < bottom; y += 1) for (let x = left; x < right; x += 1) if (png.rgb(x, y)[0] < 128) n += 1;
  return n;
}

/** The axes every figure has: spines, ticks at the computed pixels, tick labels, title. */
function expectAxes(canvas: Canvas, png: DecodedPng): void {
  const { left, top, width, height } = canvas.frame;
  const [right, bottom] = [left + width, top + height];
  for (let x = left - 1; x <= right; x += 1) {
    expect(png.rgb(x, top - 1)).toEqual(rgb(AXIS_COLOR));
    expect(png.rgb(x, bottom)).toEqual(rgb(AXIS_COLOR));
  }
  for (let y = top - 1; y <= bottom; y += 1) {
    expect(png.rgb(left - 1, y)).toEqual(rgb(AXIS_COLOR));
    expect(png.rgb(right, y)).toEqual(rgb(AXIS_COLOR));
  }
  const ticks = axisTicks(canvas);
  expect(ticks.x.values).toEqual([-1, 0, 1, 2]);
  for (const px of ticks.x.pixels) {
    for (let dy = 1; dy <= TICK_LENGTH; dy += 1) expect(png.rgb(px, bottom + dy)).toEqual(rgb(AXIS_COLOR));
    expect(png.rgb(px + 3, bottom + 3)).toEqual(WHITE);
    // A label under each tick: ink in the 30 × 20 box centred under it.
    expect(darkPixels(png, px - 15, bottom + TICK_LENGTH + 4, px + 15, bottom + TICK_LENGTH + 24)).toBeGreaterThan(20);
  }
  for (const py of ticks.y.pixels) {
    for (let dx = 2; dx <= TICK_LENGTH + 1; dx += 1) expect(png.rgb(left - dx, py)).toEqual(rgb(AXIS_COLOR));
    expect(png.rgb(left - 4, py + 3)).toEqual(WHITE);
    expect(darkPixels(png, left - 60, py - 8, left - TICK_LENGTH - 3, py + 8)).toBeGreaterThan(20);
  }
  // Title: ink centred over the frame in the top margin.
  let [inkLeft, inkRight, count] = [Number.POSITIVE_INFINITY, -1, 0];
  for (let y = 0; y < top - 4; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      if (png.rgb(x, y)[0] >= 128) continue;
      [inkLeft, inkRight, count] = [Math.min(inkLeft, x), Math.max(inkRight, x), count + 1];
    }
  }
  expect(count).toBeGreaterThan(200);
  expect(Math.abs((inkLeft + inkRight) / 2 - (left + width / 2))).toBeLessThanOrEqual(3);
  // Axis labels: x₁ under the tick labels, x₂ left of them.
  expect(darkPixels(png, left + width / 2 - 20, bottom + 36, left + width / 2 + 20, png.height)).toBeGreaterThan(20);
  expect(darkPixels(png, 0, top + height / 2 - 20, 30, top + height / 2 + 20)).toBeGreaterThan(20);
}

describe('samplesFigure', () => {
  it('draws axes, a title and a legend whose swatches are the data and sample colours', () => {
    const canvas = samplesFigure({ data, samples, view, title: 'samples (n = 200, dopri5) vs data' });
    expect([canvas.width, canvas.height]).toEqual([figureLayout(480, false).width, figureLayout(480, false).height]);
    const png = decodePng(encodePng(canvas.pixels, canvas.width, canvas.height));
    expect([png.width, png.height]).toEqual([584, 588]);
    expectAxes(canvas, png);
    const legend = legendLayout(canvas, [
      { label: 'data', color: opaque(DATA_COLOR), kind: 'marker' },
      { label: 'samples', color: opaque(SAMPLE_COLOR), kind: 'marker' },
    ]);
    const [[dx, dy], [sx, sy]] = legend.swatches as [[number, number], [number, number]];
    expect(png.rgb(dx, dy)).toEqual(rgb(DATA_COLOR));
    expect(png.rgb(sx, sy)).toEqual(rgb(SAMPLE_COLOR));
    // The legend sits inside the frame's upper right corner, with ink (labels) right of the swatches.
    expect(legend.box.left + legend.box.width).toBe(canvas.frame.left + canvas.frame.width - 10);
    expect(legend.box.top).toBe(canvas.frame.top + 10);
    expect(darkPixels(png, dx + 16, dy - 8, legend.box.left + legend.box.width, dy + 8)).toBeGreaterThan(20);
    // A sample point is drawn in the samples' colour blended on white: 255 + 160/255 · (c − 255).
    const [px, py] = canvas.toPixel(samples[0] as number, samples[1] as number).map(Math.round) as [number, number];
    const blended = rgb(SAMPLE_COLOR).map((c) => Math.round(255 + (160 / 255) * (c - 255)));
    expect(png.rgb(px, py)).toEqual(blended);
  });
});

describe('trajectoriesFigure', () => {
  it('draws paths and end points in their colours, with axes and a three-row legend', () => {
    // Two paths over three frames: (−1, −1) → (0, −1) → (0, 0) and (2, 2) → (1, 2) → (1, 1).
    const paths = Float32Array.from([-1, -1, 2, 2, 0, -1, 1, 2, 0, 0, 1, 1]);
    const canvas = trajectoriesFigure({ data, paths, frames: 3, view });
    const png = decodePng(encodePng(canvas.pixels, canvas.width, canvas.height));
    expectAxes(canvas, png);
    for (const [x, y] of [
      [0, 0],
      [1, 1],
    ]) {
      const [px, py] = canvas.toPixel(x as number, y as number).map(Math.round) as [number, number];
      expect(png.rgb(px, py)).toEqual(rgb(SAMPLE_COLOR));
    }
    // Mid-segment of the first path, (−0.5, −1): the path colour blended once on white.
    const [mx, my] = canvas.toPixel(-0.5, -1).map(Math.round) as [number, number];
    expect(png.rgb(mx, my)).toEqual(rgb(PATH_COLOR).map((c) => Math.round(255 + (PATH_COLOR[3] / 255) * (c - 255))));
    const legend = legendLayout(canvas, [
      { label: 'data', color: opaque(DATA_COLOR), kind: 'marker' },
      { label: 'paths', color: opaque(PATH_COLOR), kind: 'line' },
      { label: 'end (t = 0)', color: opaque(SAMPLE_COLOR), kind: 'marker' },
    ]);
    const colours = [DATA_COLOR, PATH_COLOR, SAMPLE_COLOR].map(rgb);
    legend.swatches.forEach(([x, y], i) => {
      expect(png.rgb(x, y)).toEqual(colours[i]);
    });
    // The line swatch is a horizontal bar: 10 px left and right of its centre too.
    const [lx, ly] = legend.swatches[1] as [number, number];
    expect([png.rgb(lx - 10, ly), png.rgb(lx + 10, ly), png.rgb(lx, ly - 3)]).toEqual([
      colours[1],
      colours[1],
      [255, 255, 255],
    ]);
  });
});

describe('densityFigure', () => {
  it('maps log p through viridis clipped span nats below the maximum, with a labelled colour bar', () => {
    // 4 × 4 grid: log p = 1 in the top left cell, −3 next to it, −100 elsewhere (clipped to 1 − 12 = −11).
    const logDensity = new Float32Array(16).fill(-100);
    logDensity[0] = 1;
    logDensity[1] = -3;
    const canvas = densityFigure({ logDensity, grid: 4, view });
    const png = decodePng(encodePng(canvas.pixels, canvas.width, canvas.height));
    expect([png.width, png.height]).toEqual([694, 588]);
    expectAxes(canvas, png);
    const { left, top } = canvas.frame;
    expect(png.rgb(left + 60, top + 60)).toEqual(rgb(viridis(1)));
    expect(png.rgb(left + 180, top + 60)).toEqual(rgb(viridis(8 / 12)));
    expect(png.rgb(left + 400, top + 400)).toEqual(rgb(viridis(0)));
    const bar = figureLayout(480, true).colorBar as { left: number; top: number; width: number; height: number };
    // The bar's colours run down the colour map, row by row, from viridis(1) to viridis(0).
    const column = bar.left + bar.width / 2;
    for (let row = 0; row < bar.height; row += 1)
      expect(png.rgb(column, bar.top + row)).toEqual(rgb(viridis(1 - row / (bar.height - 1))));
    // Monotone in the map: the green channel never rises going down the bar (viridis's green increases with u).
    for (let row = 1; row < bar.height; row += 1)
      expect(png.rgb(column, bar.top + row)[1]).toBeLessThanOrEqual(png.rgb(column, bar.top + row - 1)[1]);
    const ticks = colorBarTicks(bar, [-11, 1]);
    expect(ticks.values).toEqual([-10, -8, -6, -4, -2, 0]);
    // Row of value v: 44 + (1 − v)/12 · 479, rounded.
    expect(ticks.rows).toEqual([-10, -8, -6, -4, -2, 0].map((v) => Math.round(44 + ((1 - v) / 12) * 479)));
    for (const row of ticks.rows) {
      for (let dx = 1; dx <= TICK_LENGTH; dx += 1)
        expect(png.rgb(bar.left + bar.width + dx, row)).toEqual(rgb(AXIS_COLOR));
      expect(
        darkPixels(png, bar.left + bar.width + TICK_LENGTH + 3, row - 8, bar.left + bar.width + 60, row + 8),
      ).toBeGreaterThan(20);
    }
    // The bar's label, vertical, right of the tick labels.
    expect(darkPixels(png, png.width - 40, bar.top + 100, png.width, bar.top + bar.height - 100)).toBeGreaterThan(200);
  });
});

describe('figure arguments', () => {
  /** The error a call throws (or undefined). */
  function thrown(call: () => unknown): { name: string; parameter: string; message: string } | undefined {
    try {
      call();
    } catch (error) {
      return error as { name: string; parameter: string; message: string };
    }
    return undefined;
  }

  it('names the bad option with a typed error', () => {
    const bad = thrown(() => samplesFigure({ data, samples, view: { ...view, xMax: -2 } }));
    expect([bad?.name, bad?.parameter]).toEqual(['InvalidArgumentError', 'options.view']);
    expect(bad?.message).toContain('xMax: -2');
    expect(thrown(() => samplesFigure({ data, samples: [1, 2, 3], view }))).toMatchObject({
      name: 'ShapeError',
      parameter: 'options.samples',
    });
    expect(thrown(() => samplesFigure({ data, samples, view, plotSize: 1e6 }))).toMatchObject({
      name: 'InvalidArgumentError',
      parameter: 'options.plotSize',
    });
    expect(thrown(() => trajectoriesFigure({ data, paths: [0, 0, 1, 1, 2], frames: 2, view }))).toMatchObject({
      name: 'ShapeError',
      parameter: 'options.paths',
    });
    expect(thrown(() => trajectoriesFigure({ data, paths: [], frames: 0, view }))).toMatchObject({
      name: 'InvalidArgumentError',
      parameter: 'options.frames',
    });
    const short = thrown(() => densityFigure({ logDensity: new Float32Array(15), grid: 4, view }));
    expect([short?.name, short?.parameter]).toEqual(['ShapeError', 'options.logDensity']);
    expect(short?.message).toContain('received [15]');
    expect(thrown(() => densityFigure({ logDensity: [0], grid: 1.5, view }))).toMatchObject({
      name: 'InvalidArgumentError',
      parameter: 'options.grid',
    });
    expect(thrown(() => densityFigure({ logDensity: [0], grid: 1, view, span: 0 }))).toMatchObject({
      name: 'InvalidArgumentError',
      parameter: 'options.span',
    });
  });
});
