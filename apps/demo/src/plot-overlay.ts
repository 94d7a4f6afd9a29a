import { formatTick, niceTicks, type Rgba } from '@gen/train';
import type { Bounds } from './state';

/** The plots' text font. */
export const FONT = '11px sans-serif';

/** Ink of axes and text. */
const INK = '#222';

/** Length of a tick mark in canvas pixels. */
const TICK = 5;

/** One legend row: a swatch (a square for points, a short line for paths) in a CSS colour and its label. */
export interface LegendItem {
  /** What the colour stands for. */
  label: string;
  /** A CSS colour. */
  color: string;
  /** `'marker'` for points, `'line'` for paths. */
  kind: 'marker' | 'line';
}

/** Writes text on a small white, slightly see-through box, so it reads over points and the heat map. */
export function boxedText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  ctx.font = FONT;
  const width = ctx.measureText(text).width;
  const left = { left: x, center: x - width / 2, right: x - width }[ctx.textAlign as 'left' | 'center' | 'right'];
  const top = { top: y, middle: y - 6, bottom: y - 12 }[ctx.textBaseline as 'top' | 'middle' | 'bottom'];
  ctx.fillStyle = 'rgba(255,255,255,0.8)';
  ctx.fillRect(left - 2, top - 1, width + 4, 14);
  ctx.fillStyle = INK;
  ctx.fillText(text, x, y);
}

/**
 * Axes drawn inside a plot that fills its canvas (the data → pixel map stays the whole canvas, so clicks and drawn
 * points keep their places): inward tick marks at round values along the bottom and left edges, their labels beside
 * them, and the axis names x₁ and x₂ in the bottom right and top left corners.
 */
export function drawAxesOverlay(ctx: CanvasRenderingContext2D, bounds: Bounds): void {
  const { width, height } = ctx.canvas;
  const xTicks = niceTicks(bounds.x0, bounds.x1, 6);
  const yTicks = niceTicks(bounds.y0, bounds.y1, 6);
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const v of xTicks.values) {
    const px = Math.round(((v - bounds.x0) / (bounds.x1 - bounds.x0)) * width) + 0.5;
    ctx.fillStyle = INK;
    ctx.fillRect(px - 0.5, height - TICK, 1, TICK);
    if (px > 16 && px < width - 40) boxedText(ctx, formatTick(v, xTicks.step), px, height - TICK - 2);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const v of yTicks.values) {
    const py = Math.round(((bounds.y1 - v) / (bounds.y1 - bounds.y0)) * height) + 0.5;
    ctx.fillStyle = INK;
    ctx.fillRect(0, py - 0.5, TICK, 1);
    if (py > 24 && py < height - 24) boxedText(ctx, formatTick(v, yTicks.step), TICK + 3, py);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  boxedText(ctx, 'x\u2081', width - 6, height - TICK - 2);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  boxedText(ctx, 'x\u2082', TICK + 3, 4);
}

/** A legend box at (x, y), its top left corner: white, slightly see-through, a light grey edge. */
export function drawLegend(ctx: CanvasRenderingContext2D, items: readonly LegendItem[], x: number, y: number): void {
  ctx.font = FONT;
  const row = 16;
  const width = 34 + Math.max(...items.map((item) => ctx.measureText(item.label).width)) + 8;
  const height = row * items.length + 8;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x, y, width, height);
  ctx.strokeStyle = '#ccc';
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, y + 0.5, width - 1, height - 1);
  items.forEach((item, i) => {
    const cy = y + 4 + row * i + row / 2;
    ctx.fillStyle = item.color;
    ctx.strokeStyle = item.color;
    if (item.kind === 'line') {
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x + 8, cy);
      ctx.lineTo(x + 26, cy);
      ctx.stroke();
    } else {
      ctx.fillRect(x + 14, cy - 3, 6, 6);
      ctx.strokeStyle = 'rgba(0,0,0,0.35)';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 13.5, cy - 3.5, 7, 7);
    }
    ctx.fillStyle = INK;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(item.label, x + 34, cy);
  });
}

/**
 * A horizontal colour bar with its top left corner at (x, y): the colour map from `range[0]` (left) to `range[1]`
 * (right) on a white panel, tick marks and labels at round values under it and `label` above it.
 */
export function drawColorBar(
  ctx: CanvasRenderingContext2D,
  rect: { x: number; y: number; width: number; height: number },
  range: readonly [number, number],
  colorOf: (u: number) => Rgba,
  label: string,
): void {
  const { x, y, width, height } = rect;
  const [lo, hi] = range;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x - 10, y - 20, width + 20, height + 40);
  for (let i = 0; i < width; i += 1) {
    const [r, g, b] = colorOf(i / (width - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x + i, y, 1, height);
  }
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1;
  ctx.strokeRect(x - 0.5, y - 0.5, width + 1, height + 1);
  const ticks = niceTicks(lo, hi, 6);
  ctx.fillStyle = INK;
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of ticks.values) {
    const px = Math.round(x + ((v - lo) / (hi - lo)) * (width - 1)) + 0.5;
    ctx.fillRect(px - 0.5, y + height, 1, 4);
    ctx.fillText(formatTick(v, ticks.step), px, y + height + 5);
  }
  ctx.textBaseline = 'bottom';
  ctx.fillText(label, x + width / 2, y - 3);
}
