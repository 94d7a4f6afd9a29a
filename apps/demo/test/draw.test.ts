import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demo,
  fillTraining,
  idle,
  mean,
  OUTPUT_DIR,
  press,
  type RunningDemo,
  startDemo,
  type TestPage,
} from './support/demo-page.js';
import { fractionWithin, gaussian, nearestDistance } from './support/points.js';

/** Canvas pixels between drawn points along a stroke (the page's `SPACING`). */
const SPACING = 4;
/** The jitter's standard deviation in data units (the page's `JITTER`). */
const JITTER = 0.04;
/** The strokes, in data coordinates: a ring of radius 1.6 (40 segments) and a line inside it. */
const RING = Array.from({ length: 41 }, (_, k) => {
  const a = (2 * Math.PI * k) / 40;
  return [1.6 * Math.cos(a), 1.6 * Math.sin(a)];
});
const LINE = [
  [-0.8, -0.4],
  [0.8, 0.4],
];
const STROKES = [RING, LINE];
/** OT-CFM updates on the drawn strokes. */
const TRAIN_STEPS = 400;

let running: RunningDemo | undefined;
let tab: TestPage;
let page: Page;

/** Where the plot's canvas content box is in the viewport, and the data view it shows. */
interface PlotFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  bounds: { x0: number; x1: number; y0: number; y1: number };
}

async function plotFrame(): Promise<PlotFrame> {
  return page.evaluate(() => {
    const canvas = document.getElementById('plot') as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    return {
      left: r.left + canvas.clientLeft,
      top: r.top + canvas.clientTop,
      width: canvas.clientWidth,
      height: canvas.clientHeight,
      bounds: window.__demo.bounds,
    };
  });
}

/** The viewport position of data point `p` (the test's own copy of the page's data → canvas mapping). */
function toViewport(frame: PlotFrame, [x = 0, y = 0]: readonly number[]): [number, number] {
  const { bounds: b } = frame;
  return [
    frame.left + ((x - b.x0) / (b.x1 - b.x0)) * frame.width,
    frame.top + ((b.y1 - y) / (b.y1 - b.y0)) * frame.height,
  ];
}

/** Drags the mouse along each stroke (button down at its first vertex, up at its last). */
async function drawStrokes(strokes: readonly (readonly number[][])[]): Promise<void> {
  const frame = await plotFrame();
  for (const stroke of strokes) {
    const [first, ...rest] = stroke.map((p) => toViewport(frame, p));
    if (first === undefined) continue;
    await page.mouse.move(...first);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(...p, { steps: 4 });
    await page.mouse.up();
  }
}

/** The length of a polyline in viewport pixels (the plot is not scaled by CSS: one per canvas pixel). */
function pixelLength(stroke: readonly number[][], frame: PlotFrame): number {
  let total = 0;
  for (let k = 1; k < stroke.length; k += 1) {
    const [ax, ay] = toViewport(frame, stroke[k - 1] ?? []);
    const [bx, by] = toViewport(frame, stroke[k] ?? []);
    total += Math.hypot(bx - ax, by - ay);
  }
  return total;
}

/** The distance from `p` to the nearest segment of the strokes, in data units. */
function distanceToStrokes([x = 0, y = 0]: readonly number[], strokes: readonly (readonly number[][])[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const stroke of strokes) {
    for (let k = 1; k < stroke.length; k += 1) {
      const [ax = 0, ay = 0] = stroke[k - 1] ?? [];
      const [bx = 0, by = 0] = stroke[k] ?? [];
      const t = Math.max(
        0,
        Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
      );
      best = Math.min(best, Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)));
    }
  }
  return best;
}

beforeAll(async () => {
  running = await startDemo();
  tab = running.tab;
  page = tab.page;
}, 240_000);

afterAll(async () => {
  await running?.close();
});

describe('drawing the data set on the plot', () => {
  it('turns strokes into a band of points along them: the drawn data set (D = 2)', async () => {
    await page.selectOption('#dataset', 'draw');
    let s = await demo(page);
    expect(s.dataName).toBe('drawn');
    expect(s.data).toEqual([]);
    expect(s.bounds).toEqual({ x0: -3, x1: 3, y0: -3, y1: 3 });
    expect(await page.isVisible('#draw-clear')).toBe(true);
    expect(await page.textContent('#status')).toMatch(/^drawn: 0 points/);

    await drawStrokes(STROKES);
    s = await demo(page);
    const n = s.data.length;
    const frame = await plotFrame();
    expect(frame.width).toBe(420);
    // One point at the button press, then one every SPACING pixels of the path.
    const expected = STROKES.reduce((total, stroke) => total + 1 + pixelLength(stroke, frame) / SPACING, 0);
    const distances = s.data.map((p) => distanceToStrokes(p, STROKES));
    const meanDistance = mean(distances, 0);
    const maxDistance = Math.max(...distances);
    // Every vertex of the strokes has a drawn point near it: the band covers the whole stroke.
    const coverage = Math.max(...STROKES.flat().map((v) => nearestDistance(v, s.data)));
    console.log(
      `drew ${n} points (expected ≈ ${expected.toFixed(1)} from the stroke lengths); distance to the strokes: ` +
        `mean ${meanDistance.toFixed(4)}, max ${maxDistance.toFixed(4)} (jitter σ ${JITTER}); ` +
        `farthest stroke vertex from a point ${coverage.toFixed(4)}`,
    );
    expect(s.dataName).toBe('drawn');
    expect(Math.abs(n - expected)).toBeLessThan(0.05 * expected);
    expect(await page.textContent('#draw-count')).toBe(`${n} points`);
    expect(await page.textContent('#status')).toBe(`drawn: ${n} points.`);
    expect(await page.textContent('#data-info')).toBe('drawn: D = 2');
    // The perpendicular jitter is |N(0, σ²)|: its mean is 0.8 σ, and 5 σ bounds it for a few hundred points.
    expect(meanDistance).toBeLessThan(1.5 * JITTER);
    expect(maxDistance).toBeLessThan(5 * JITTER);
    expect(coverage).toBeLessThan(3 * JITTER);
    await page.screenshot({ path: `${OUTPUT_DIR}draw-strokes.png`, fullPage: true });
  });

  it('refuses to train on fewer than 16 drawn points, in the page and without leaking tensors', async () => {
    await page.click('#draw-clear');
    expect((await demo(page)).data).toEqual([]);
    const frame = await plotFrame();
    for (const p of [
      [-1, -1],
      [-1, 1],
      [1, 1],
      [1, -1],
      [0, 0],
    ])
      await page.mouse.click(...toViewport(frame, p));
    expect(await page.textContent('#draw-count')).toBe('5 points');
    expect((await demo(page)).data).toHaveLength(5);
    const tensorsAfter: number[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await press(page, '#train');
      await page.waitForFunction(() => window.__demo.error !== null && !window.__demo.busy);
      const s = await demo(page);
      tensorsAfter.push(s.numTensors);
      expect(s.step).toBe(0);
    }
    const text = await page.textContent('#status');
    console.log(`too few points: "${text}"; tensors after each failed Train: ${tensorsAfter.join(', ')}`);
    expect(text).toBe(
      'InvalidArgumentError: Invalid argument "drawn points": expected at least 16 points drawn on the plot, ' +
        'received 5. Click or drag on the plot to add more.',
    );
    expect(await page.getAttribute('#status', 'class')).toBe('error');
    // The first attempt created the model; the second adds nothing.
    expect(tensorsAfter[1]).toBe(tensorsAfter[0]);
  });

  it('trains on the drawn strokes: the loss falls and samples land on the strokes', async () => {
    await page.selectOption('#dataset', 'draw');
    await page.click('#draw-clear');
    await drawStrokes(STROKES);
    await fillTraining(page, {
      objective: 'ot-cfm',
      width: 64,
      depth: 2,
      batch: 256,
      lr: 0.01,
      steps: TRAIN_STEPS,
      chunk: 25,
    });
    await page.dispatchEvent('#width', 'change');
    await press(page, '#train');
    let s = await idle(tab, 400_000);
    const first = mean(s.losses, 0, 20);
    const last = mean(s.losses, -20);
    const trainedTensors = s.numTensors;
    expect(s.step).toBe(TRAIN_STEPS);
    expect(last).toBeLessThan(0.8 * first);

    await page.selectOption('#method', 'rk4');
    await page.fill('#ode-steps', '20');
    await page.fill('#n-samples', '500');
    await page.fill('#sample-seed', '7');
    await press(page, '#sample');
    s = await idle(tab);
    const samples = s.samples ?? [];
    expect(samples).toHaveLength(500);
    expect(s.numTensors).toBe(trainedTensors);
    const radius = 0.2;
    const model = fractionWithin(samples, s.data, radius);
    const noise = fractionWithin(gaussian(500), s.data, radius);
    console.log(
      `drawn ${s.data.length} points, ${s.step} updates at ${s.stepsPerSecond.toFixed(1)} steps/s on ${s.backend}: ` +
        `mean loss of the first 20 ${first.toFixed(4)}, of the last 20 ${last.toFixed(4)}; ` +
        `within ${radius} of a drawn point: samples ${model.toFixed(3)}, N(0, I) noise ${noise.toFixed(3)}`,
    );
    expect(model).toBeGreaterThan(0.6);
    expect(model).toBeGreaterThan(noise + 0.25);
    await page.screenshot({ path: `${OUTPUT_DIR}draw-samples.png`, fullPage: true });
  });

  it('switches to a toy set and back to the kept drawing', async () => {
    const drawn = (await demo(page)).data.length;
    await page.selectOption('#dataset', 'moons');
    let s = await demo(page);
    expect(s.dataName).toBe('moons');
    expect(s.data).toHaveLength(2000);
    expect(await page.isVisible('#draw-clear')).toBe(false);
    await drawStrokes([LINE]);
    expect((await demo(page)).dataName).toBe('moons');

    await page.selectOption('#dataset', 'draw');
    s = await demo(page);
    expect(s.dataName).toBe('drawn');
    expect(s.data).toHaveLength(drawn);
    expect(await page.textContent('#draw-count')).toBe(`${drawn} points`);
    await page.click('#draw-clear');
    expect((await demo(page)).data).toEqual([]);
  });
});
