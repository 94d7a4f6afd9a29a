import { ui } from './dom';
import { state } from './state';

/** Updates in the moving average of the loss curve and of the loss the training line shows. */
export const LOSS_WINDOW = 20;

/** Cells per axis of the density heat map. */
export const GRID = 48;

/** Maps a point (its first two coordinates) from the data bounds to canvas pixels. */
export function toCanvas(p: readonly number[], canvas: HTMLCanvasElement): [number, number] {
  const { bounds } = state;
  const px = (((p[0] ?? 0) - bounds.x0) / (bounds.x1 - bounds.x0)) * canvas.width;
  const py = ((bounds.y1 - (p[1] ?? 0)) / (bounds.y1 - bounds.y0)) * canvas.height;
  return [px, py];
}

/** Maps canvas pixels back to a point in the data bounds (the inverse of {@link toCanvas}). */
export function fromCanvas(px: number, py: number, canvas: HTMLCanvasElement): [number, number] {
  const { bounds } = state;
  const x = bounds.x0 + (px / canvas.width) * (bounds.x1 - bounds.x0);
  const y = bounds.y1 - (py / canvas.height) * (bounds.y1 - bounds.y0);
  return [x, y];
}

/** The density heat map (when there is one), the data and the samples. */
export function drawPlot(): void {
  const canvas = ui.plot;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (state.density !== null) {
    const max = Math.max(...state.density);
    const cw = canvas.width / GRID;
    const ch = canvas.height / GRID;
    state.density.forEach((lp, k) => {
      const v = Math.exp(lp - max); // relative density in (0, 1]
      const i = Math.floor(k / GRID);
      const j = k % GRID;
      const r = Math.round(255 * Math.min(1, 1.5 * v + 0.05));
      const g = Math.round(255 * Math.min(1, v * v * 1.2));
      const b = Math.round(90 * (1 - v) + 40);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(j * cw, i * ch, cw + 1, ch + 1);
    });
  }
  ctx.fillStyle = state.density === null ? 'rgba(90,90,90,0.45)' : 'rgba(255,255,255,0.35)';
  for (const p of state.data) {
    const [x, y] = toCanvas(p, canvas);
    ctx.fillRect(x - 1, y - 1, 2, 2);
  }
  if (state.samples !== null) {
    ctx.fillStyle = 'rgba(230,110,0,0.7)';
    for (const p of state.samples) {
      const [x, y] = toCanvas(p, canvas);
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
    }
  }
}

/** The loss curve on a log scale: every update as a dot and a 20-update moving average as a line. */
export function drawLoss(): void {
  const canvas = ui.loss;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const losses = state.losses;
  if (losses.length === 0) return;
  const logs = losses.map((l) => Math.log10(Math.max(l, 1e-12)));
  // A loop, not Math.min(...logs): spreading some 10⁵ arguments overflows the call stack on long runs.
  const lo = logs.reduce((a, b) => Math.min(a, b));
  const hi = logs.reduce((a, b) => Math.max(a, b));
  const span = hi - lo || 1;
  const px = (i: number): number => 30 + (i / Math.max(1, losses.length - 1)) * (width - 40);
  const py = (v: number): number => 10 + ((hi - v) / span) * (height - 30);
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
  ctx.fillStyle = '#333';
  ctx.font = '11px sans-serif';
  ctx.fillText(`${(10 ** hi).toPrecision(3)}`, 2, 14);
  ctx.fillText(`${(10 ** lo).toPrecision(3)}`, 2, height - 20);
  ctx.fillText(`${losses.length} updates`, width - 80, height - 4);
}
