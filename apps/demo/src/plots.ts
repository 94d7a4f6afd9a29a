import { densityRange, formatTick, logTicks, niceTicks, viridis } from '@gen/train';
import { GRID } from './density';
import type { CanvasSize } from './drawing';
import { drawAxesOverlay, drawColorBar, drawLegend, FONT, type LegendItem } from './plot-overlay';
import type { Bounds } from './state';
import { LOSS_WINDOW } from './training';

/**
 * Maps a point (its first two coordinates) from the view to canvas pixels (the inverse of `fromCanvas`).
 *
 * @param p - The point.
 * @param size - The canvas size.
 * @param bounds - The view.
 * @returns [px, py], row 0 at the top.
 * @example
 * ```ts
 * toCanvas([0, 0], { width: 420, height: 420 }, { x0: -3, x1: 3, y0: -3, y1: 3 }); // [210, 210]
 * ```
 */
export function toCanvas(p: readonly number[], size: CanvasSize, bounds: Bounds): [number, number] {
  const px = (((p[0] ?? 0) - bounds.x0) / (bounds.x1 - bounds.x0)) * size.width;
  const py = ((bounds.y1 - (p[1] ?? 0)) / (bounds.y1 - bounds.y0)) * size.height;
  return [px, py];
}

/** What the scatter plot shows. */
export interface ScatterView {
  readonly bounds: Bounds;
  readonly points: readonly number[][];
  readonly samples: readonly number[][] | null;
  /** log p per density cell, row 0 at the top, or null. */
  readonly density: readonly number[] | null;
}

/** Nats below the highest log-density where the heat map's colour scale stops (as `gen plot`'s density.png). */
const DENSITY_SPAN = 12;

/** Data points' colour on white, and on the heat map. */
const DATA_COLOR = 'rgba(90,90,90,0.45)';
const DATA_ON_DENSITY = 'rgba(255,255,255,0.35)';
/** Samples' colour. */
const SAMPLE_COLOR = 'rgba(230,110,0,0.7)';

/**
 * The density heat map (when there is one: log p in viridis, clipped `DENSITY_SPAN` nats below its maximum, with a
 * colour bar in nats), the data and the samples, with axes and a legend.
 *
 * @param canvas - The scatter plot's canvas.
 * @param view - What to show.
 * @example
 * ```ts
 * drawPlot(ui.plot, state);
 * ```
 */
export function drawPlot(canvas: HTMLCanvasElement, view: ScatterView): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { bounds } = view;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const range = view.density === null ? null : densityRange([...view.density], DENSITY_SPAN);
  if (view.density !== null && range !== null) {
    const [lo, hi] = range;
    const cw = canvas.width / GRID;
    const ch = canvas.height / GRID;
    view.density.forEach((lp, k) => {
      const [r, g, b] = viridis(Number.isFinite(lp) ? (lp - lo) / (hi - lo) : 0);
      const i = Math.floor(k / GRID);
      const j = k % GRID;
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(j * cw, i * ch, cw + 1, ch + 1);
    });
  }
  const dataColor = view.density === null ? DATA_COLOR : DATA_ON_DENSITY;
  ctx.fillStyle = dataColor;
  for (const p of view.points) {
    const [x, y] = toCanvas(p, canvas, bounds);
    ctx.fillRect(x - 1, y - 1, 2, 2);
  }
  if (view.samples !== null) {
    ctx.fillStyle = SAMPLE_COLOR;
    for (const p of view.samples) {
      const [x, y] = toCanvas(p, canvas, bounds);
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
    }
  }
  drawAxesOverlay(ctx, bounds);
  const legend: LegendItem[] = [{ label: 'data', color: dataColor, kind: 'marker' }];
  if (view.samples !== null) legend.push({ label: 'samples', color: SAMPLE_COLOR, kind: 'marker' });
  drawLegend(ctx, legend, 28, 22);
  if (range !== null)
    drawColorBar(ctx, { x: canvas.width - 196, y: 28, width: 180, height: 10 }, range, viridis, 'log p(x) [nats]');
}

/** Loss plot margins in canvas pixels: room for tick labels and axis names. */
const LOSS_MARGIN = { left: 52, right: 12, top: 12, bottom: 36 };

/**
 * The loss curve on a log scale, with axes: every update as a dot and a 20-update moving average as a line, tick
 * labels at 1, 2 and 5 × 10^k (decades only when the range is wide) and at round update counts, and a legend.
 *
 * @param canvas - The loss plot's canvas.
 * @param losses - Every loss so far (an empty canvas for none).
 * @example
 * ```ts
 * drawLoss(ui.loss, state.losses);
 * ```
 */
export function drawLoss(canvas: HTMLCanvasElement, losses: readonly number[]): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  if (losses.length === 0) return;
  const logs = losses.map((l) => Math.log10(Math.max(l, 1e-12)));
  // A loop, not Math.min(...logs): spreading some 10⁵ arguments overflows the call stack on long runs.
  let lo = logs.reduce((a, b) => Math.min(a, b));
  let hi = logs.reduce((a, b) => Math.max(a, b));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return; // a NaN or infinite loss: nothing sensible to scale
  if (hi - lo < 0.05) [lo, hi] = [lo - 0.025, hi + 0.025];
  const { left, right, top, bottom } = LOSS_MARGIN;
  const last = Math.max(1, losses.length - 1);
  const px = (i: number): number => left + (i / last) * (width - left - right);
  const py = (v: number): number => top + ((hi - v) / (hi - lo)) * (height - top - bottom);
  ctx.fillStyle = 'rgba(40,90,200,0.25)';
  logs.forEach((v, i) => {
    ctx.fillRect(px(i) - 1, py(v) - 1, 2, 2);
  });
  ctx.strokeStyle = '#1a4fb0';
  ctx.lineWidth = 2;
  ctx.beginPath();
  let acc = 0;
  const w = LOSS_WINDOW;
  logs.forEach((v, i) => {
    acc += v;
    if (i >= w) acc -= logs[i - w] as number;
    const avg = acc / Math.min(i + 1, w);
    if (i === 0) ctx.moveTo(px(i), py(avg));
    else ctx.lineTo(px(i), py(avg));
  });
  ctx.stroke();
  drawLossAxes(ctx, { left, top, right: width - right, bottom: height - bottom }, last, [lo, hi], px, py);
  drawLegend(
    ctx,
    [
      { label: 'per update', color: 'rgba(40,90,200,0.6)', kind: 'marker' },
      { label: `moving average (${LOSS_WINDOW})`, color: '#1a4fb0', kind: 'line' },
    ],
    width - right - 170,
    top + 4,
  );
}

/** The loss plot's frame, its ticks (log-scale y) and labels, and the axis names. */
function drawLossAxes(
  ctx: CanvasRenderingContext2D,
  frame: { left: number; top: number; right: number; bottom: number },
  last: number,
  [lo, hi]: readonly [number, number],
  px: (i: number) => number,
  py: (v: number) => number,
): void {
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 1;
  ctx.strokeRect(frame.left - 0.5, frame.top - 0.5, frame.right - frame.left + 1, frame.bottom - frame.top + 1);
  ctx.fillStyle = '#222';
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xTicks = niceTicks(0, last, 6);
  for (const v of xTicks.values.filter(Number.isInteger)) {
    const x = Math.round(px(v)) + 0.5;
    ctx.fillRect(x - 0.5, frame.bottom, 1, 4);
    ctx.fillText(formatTick(v, Math.max(1, xTicks.step)), x, frame.bottom + 6);
  }
  ctx.fillText('update', (frame.left + frame.right) / 2, frame.bottom + 20);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const yTicks = logTicks(10 ** lo, 10 ** hi, 6);
  yTicks.values.forEach((value, i) => {
    const y = Math.round(py(Math.log10(value))) + 0.5;
    ctx.fillRect(frame.left - 4, y - 0.5, 4, 1);
    ctx.fillText(yTicks.labels[i] as string, frame.left - 6, y);
  });
  ctx.save();
  ctx.translate(12, (frame.top + frame.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText('loss (log scale)', 0, 0);
  ctx.restore();
}

/** Colours of the data, the paths and their current points. */
const TRAJ_DATA_COLOR = 'rgba(90,90,90,0.35)';
const PATH_COLOR = 'rgba(40,90,200,0.45)';
const POINT_COLOR = 'rgba(200,40,40,0.9)';

/**
 * The data, the paths of the trajectories up to frame `k` and their current points, with axes and a legend.
 *
 * @param canvas - The scatter plot's canvas.
 * @param view - The view and the data points.
 * @param frames - The states [frame][point][dim].
 * @param k - The current frame.
 * @example
 * ```ts
 * drawTrajectories(ui.plot, state, frames, 0);
 * ```
 */
export function drawTrajectories(
  canvas: HTMLCanvasElement,
  view: Pick<ScatterView, 'bounds' | 'points'>,
  frames: readonly number[][][],
  k: number,
): void {
  const { bounds } = view;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = TRAJ_DATA_COLOR;
  for (const p of view.points) {
    const [x, y] = toCanvas(p, canvas, bounds);
    ctx.fillRect(x - 1, y - 1, 2, 2);
  }
  ctx.strokeStyle = PATH_COLOR;
  ctx.lineWidth = 1;
  for (let i = 0; i < (frames[0]?.length ?? 0); i += 1) {
    ctx.beginPath();
    for (let f = 0; f <= k; f += 1) {
      const [x, y] = toCanvas(frames[f]?.[i] ?? [], canvas, bounds);
      if (f === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.fillStyle = POINT_COLOR;
  for (const p of frames[k] ?? []) {
    const [x, y] = toCanvas(p, canvas, bounds);
    ctx.fillRect(x - 2, y - 2, 4, 4);
  }
  drawAxesOverlay(ctx, bounds);
  drawLegend(
    ctx,
    [
      { label: 'data', color: TRAJ_DATA_COLOR, kind: 'marker' },
      { label: 'paths from t = 1', color: PATH_COLOR, kind: 'line' },
      { label: `x(t), frame ${k + 1}/${frames.length}`, color: POINT_COLOR, kind: 'marker' },
    ],
    28,
    22,
  );
}
