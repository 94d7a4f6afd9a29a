import type { Canvas, PixelRect, Rgba } from './canvas.js';
import { drawText, textWidth } from './text.js';

/** One legend row: a swatch (a disc for points, a short line for paths) and its label. */
export interface LegendEntry {
  /** What the colour stands for. */
  label: string;
  /** The swatch's colour (draw it opaque: the legend names the hue). */
  color: Rgba;
  /** `'marker'` for points, `'line'` for paths. */
  kind: 'marker' | 'line';
}

/** Where a legend and its swatches go. */
export interface LegendLayout {
  /** The legend's box. */
  box: PixelRect;
  /** Each entry's swatch centre, [column, row], in entry order. */
  swatches: [number, number][];
}

const PAD = 8;
const ROW = 22;
const SWATCH = 24;
const MARGIN = 10;

/**
 * Places a legend in the upper right corner inside a canvas's frame, matplotlib-style.
 *
 * @param canvas - The canvas (its frame is used).
 * @param entries - The rows.
 * @returns The box and the swatch centres.
 * @example
 * ```ts
 * legendLayout(canvas, [{ label: 'data', color: [128, 128, 128, 255], kind: 'marker' }]).swatches[0];
 * ```
 */
export function legendLayout(canvas: Canvas, entries: readonly LegendEntry[]): LegendLayout {
  const labelWidth = Math.max(0, ...entries.map((e) => textWidth(e.label)));
  const width = PAD + SWATCH + PAD + labelWidth + 2 * PAD;
  const height = PAD + ROW * entries.length + PAD - 6;
  const { left, top, width: frameWidth } = canvas.frame;
  const box = { left: left + frameWidth - MARGIN - width, top: top + MARGIN, width, height };
  const swatches = entries.map((_, i): [number, number] => [box.left + PAD + SWATCH / 2, box.top + PAD + ROW * i + 7]);
  return { box, swatches };
}

/**
 * Draws a legend box (white, slightly see-through, with a light grey edge) in the frame's upper right corner.
 *
 * @param canvas - The canvas.
 * @param entries - The rows, top to bottom.
 * @example
 * ```ts
 * drawLegend(canvas, [{ label: 'samples', color: [31, 119, 180, 255], kind: 'marker' }]);
 * ```
 */
export function drawLegend(canvas: Canvas, entries: readonly LegendEntry[]): void {
  const { box, swatches } = legendLayout(canvas, entries);
  canvas.fillRect(box, [255, 255, 255, 210]);
  const inner = { left: box.left + 1, top: box.top + 1, width: box.width - 2, height: box.height - 2 };
  canvas.outline(inner, [204, 204, 204, 255]);
  entries.forEach((entry, i) => {
    const [cx, cy] = swatches[i] as [number, number];
    if (entry.kind === 'line')
      canvas.fillRect({ left: cx - SWATCH / 2, top: cy - 1, width: SWATCH, height: 2 }, entry.color);
    else disc(canvas, cx, cy, 4, entry.color);
    drawText(canvas, entry.label, cx + SWATCH / 2 + PAD, cy + 0.5, { color: [34, 34, 34, 255], baseline: 'middle' });
  });
}

/** A filled disc in pixel coordinates (not clipped to the frame). */
function disc(canvas: Canvas, cx: number, cy: number, radius: number, color: Rgba): void {
  for (let dy = -radius; dy <= radius; dy += 1) {
    for (let dx = -radius; dx <= radius; dx += 1)
      if (dx * dx + dy * dy <= radius * radius + 1) canvas.blend(cx + dx, cy + dy, color);
  }
}
