import { InvalidArgumentError } from '@gen/core';
import type { Canvas, Rgba } from './canvas.js';
import { GLYPH_ASCENT, GLYPH_ROWS, type Glyph, glyph } from './font.js';

/** How a text sits at its anchor point. */
export interface TextStyle {
  /** Ink colour (its alpha scales the coverage). */
  color: Rgba;
  /** Screen pixels per font pixel (default 2; an integer from 1 to 16). */
  scale?: number;
  /** Which end of the text (along its reading direction) the anchor is at (default `'left'`). */
  align?: 'left' | 'center' | 'right';
  /** Which height of the text the anchor is at: top of the capitals, their middle, or the baseline (default `'top'`). */
  baseline?: 'top' | 'middle' | 'baseline';
  /** Reads bottom to top, turned a quarter counter-clockwise (for a vertical axis label). */
  vertical?: boolean;
}

/** Fine pixels per font pixel before the coverage is averaged down to the asked scale. */
const FINE = 4;

/**
 * The width of a text in screen pixels: glyph widths plus one font pixel between glyphs.
 *
 * @param text - The text.
 * @param scale - Screen pixels per font pixel (default 2).
 * @returns Its width (its height when drawn vertical).
 * @example
 * ```ts
 * textWidth('10', 2); // (5 + 1 + 5) · 2 = 22
 * ```
 */
export function textWidth(text: string, scale = 2): number {
  const glyphs = Array.from(text, glyph);
  const fontPixels = glyphs.reduce((sum, g) => sum + (g[0] as readonly boolean[]).length, 0);
  return Math.max(0, fontPixels + glyphs.length - 1) * scale;
}

/**
 * Draws a text with smoothed, anti-aliased edges: each glyph is enlarged twice with Scale2x (EPX), which rounds its
 * diagonals, and averaged down to the asked scale.
 *
 * @param canvas - Where to draw (pixel coordinates, outside any data frame).
 * @param text - The text (characters the font lacks show as empty boxes).
 * @param x - Anchor column.
 * @param y - Anchor row.
 * @param style - Colour, scale and alignment.
 * @throws `InvalidArgumentError` naming `style.scale` when it is not an integer from 1 to 16.
 * @example
 * ```ts
 * drawText(canvas, 'model density log p(x)', canvas.width / 2, 8, { color: [0, 0, 0, 255], align: 'center' });
 * ```
 */
export function drawText(canvas: Canvas, text: string, x: number, y: number, style: TextStyle): void {
  const scale = style.scale ?? 2;
  if (!Number.isInteger(scale) || scale < 1 || scale > 16)
    throw new InvalidArgumentError('style.scale', 'an integer from 1 to 16', scale);
  const { mask, width, height } = textMask(text, scale);
  const along = { left: 0, center: width / 2, right: width }[style.align ?? 'left'];
  const across = { top: 0, middle: (GLYPH_ASCENT * scale) / 2, baseline: GLYPH_ASCENT * scale }[
    style.baseline ?? 'top'
  ];
  const [x0, y0] = [
    Math.round(x - (style.vertical ? across : along)),
    Math.round(y - (style.vertical ? -along : across)),
  ];
  const [r, g, b, a] = style.color;
  for (let row = 0; row < height; row += 1) {
    for (let col = 0; col < width; col += 1) {
      const coverage = mask[row * width + col] as number;
      if (coverage === 0) continue;
      const color: Rgba = [r, g, b, Math.round(a * coverage)];
      if (style.vertical) canvas.blend(x0 + row, y0 - 1 - col, color);
      else canvas.blend(x0 + col, y0 + row, color);
    }
  }
}

/** The coverage (0–1) of a whole text at `scale`, row-major, `GLYPH_ROWS · scale` rows. */
function textMask(text: string, scale: number): { mask: Float32Array; width: number; height: number } {
  const width = textWidth(text, scale);
  const height = GLYPH_ROWS * scale;
  const mask = new Float32Array(width * height);
  let left = 0;
  for (const char of text) {
    const g = glyph(char);
    const cols = (g[0] as readonly boolean[]).length;
    const fine = scale2x(scale2x(g));
    for (let row = 0; row < height; row += 1) {
      for (let col = 0; col < cols * scale; col += 1) mask[row * width + left + col] = average(fine, row, col, scale);
    }
    left += (cols + 1) * scale;
  }
  return { mask, width, height };
}

/** The share of ink in the fine-grid square under screen pixel (row, col) at `scale`. */
function average(fine: Glyph, row: number, col: number, scale: number): number {
  const step = FINE / scale;
  let ink = 0;
  let area = 0;
  for (let fr = Math.floor(row * step); fr < Math.ceil((row + 1) * step); fr += 1) {
    const h = Math.min(fr + 1, (row + 1) * step) - Math.max(fr, row * step);
    for (let fc = Math.floor(col * step); fc < Math.ceil((col + 1) * step); fc += 1) {
      const w = Math.min(fc + 1, (col + 1) * step) - Math.max(fc, col * step);
      area += w * h;
      if (fine[fr]?.[fc]) ink += w * h;
    }
  }
  return ink / area;
}

/**
 * Scale2x (EPX): doubles a bitmap, filling each new corner when its two neighbours agree, so diagonal strokes stay
 * smooth instead of turning into stairs.
 */
function scale2x(bitmap: Glyph): Glyph {
  const at = (r: number, c: number): boolean => bitmap[r]?.[c] ?? false;
  const rows = bitmap.length;
  const cols = (bitmap[0] as readonly boolean[]).length;
  const out = Array.from({ length: 2 * rows }, () => new Array<boolean>(2 * cols).fill(false));
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const [p, up, left, right, down] = [at(r, c), at(r - 1, c), at(r, c - 1), at(r, c + 1), at(r + 1, c)];
      const corner = (a: boolean, b: boolean, ...others: boolean[]): boolean =>
        a === b && others.every((o) => o !== a) ? a : p;
      (out[2 * r] as boolean[])[2 * c] = corner(up, left, right, down);
      (out[2 * r] as boolean[])[2 * c + 1] = corner(up, right, left, down);
      (out[2 * r + 1] as boolean[])[2 * c] = corner(down, left, right, up);
      (out[2 * r + 1] as boolean[])[2 * c + 1] = corner(down, right, left, up);
    }
  }
  return out;
}
