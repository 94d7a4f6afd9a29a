import { describe, expect, it } from 'vitest';
import { Canvas, drawText, GLYPH_ROWS, glyph, textWidth } from '../../src/plot/index.js';

const BLACK = [0, 0, 0, 255] as const;

/** The RGB of pixel (x, y) of a canvas. */
function at(canvas: Canvas, x: number, y: number): number[] {
  return Array.from(canvas.pixels.subarray(4 * (y * canvas.width + x), 4 * (y * canvas.width + x) + 3));
}

/** The bounding box of the non-white pixels and their count. */
function ink(canvas: Canvas): { count: number; left: number; right: number; top: number; bottom: number } {
  const box = { count: 0, left: Number.POSITIVE_INFINITY, right: -1, top: Number.POSITIVE_INFINITY, bottom: -1 };
  for (let y = 0; y < canvas.height; y += 1) {
    for (let x = 0; x < canvas.width; x += 1) {
      if (at(canvas, x, y).every((v) => v === 255)) continue;
      box.count += 1;
      [box.left, box.right] = [Math.min(box.left, x), Math.max(box.right, x)];
      [box.top, box.bottom] = [Math.min(box.top, y), Math.max(box.bottom, y)];
    }
  }
  return box;
}

const view = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };

describe('plot font', () => {
  it('has every glyph the pictures write, each GLYPH_ROWS rows of one width', () => {
    expect(glyph('1')[1]).toEqual([false, true, true, false, false]);
    for (const char of 'samples (n = 10000, dopri5) vs data trajectories t = 1 \u2192 0 model density log p(x) [nats] \u22120.5 \u00d7 x\u2081 x\u2082 e+:/') {
      const g = glyph(char);
      expect(g.length).toBe(GLYPH_ROWS);
      expect(new Set(g.map((row) => row.length)).size).toBe(1);
      // The lacking-character box is 4 wide with a full left column; no real glyph here is that box.
      if (char !== ' ') expect(g.some((row) => row.some(Boolean))).toBe(true);
    }
    expect(glyph('\u0416').map((row) => row.map(Number).join(''))).toEqual([
      '1111',
      '1001',
      '1001',
      '1001',
      '1001',
      '1001',
      '1111',
      '0000',
      '0000',
    ]);
  });
});

describe('drawText', () => {
  it('refuses a scale that is not an integer from 1 to 16', () => {
    for (const scale of [0, 1.5, 17])
      expect(() => drawText(new Canvas(4, 4, view), '1', 0, 0, { color: BLACK, scale })).toThrow(
        expect.objectContaining({ name: 'InvalidArgumentError', parameter: 'style.scale' }),
      );
  });

  it('measures glyph widths plus one font pixel between glyphs, times the scale', () => {
    expect(textWidth('10')).toBe((5 + 1 + 5) * 2);
    expect(textWidth('10', 3)).toBe(33);
    expect(textWidth('')).toBe(0);
    expect(textWidth('i.')).toBe((3 + 1 + 1) * 2);
  });

  it('draws a full stop as a 2 × 2 block with rounded corners (coverage 3/4) on the baseline row pair', () => {
    const canvas = new Canvas(30, 40, view);
    drawText(canvas, '.', 10, 10, { color: BLACK });
    // Glyph row 6 (the last above the baseline) at scale 2 is rows 22–23.
    for (const [x, y] of [
      [10, 22],
      [11, 22],
      [10, 23],
      [11, 23],
    ] as const)
      expect(at(canvas, x, y)).toEqual([64, 64, 64]); // 255 · (1 − 3/4), rounded
    expect(ink(canvas)).toEqual({ count: 4, left: 10, right: 11, top: 22, bottom: 23 });
  });

  it('aligns by the anchor: centre and right, baseline and middle', () => {
    const width = textWidth('10');
    const centred = new Canvas(100, 60, view);
    drawText(centred, '10', 50, 30, { color: BLACK, align: 'center', baseline: 'baseline' });
    const box = ink(centred);
    // '1' has no ink in its first font column (2 px); '0' has ink in its last.
    expect(box.left).toBe(50 - width / 2 + 2);
    expect(box.right).toBe(50 + width / 2 - 1);
    expect(box.bottom).toBe(29); // digits end on the baseline: rows 16…29
    expect(box.top).toBe(16);
    const right = new Canvas(100, 60, view);
    drawText(right, '10', 80, 30, { color: BLACK, align: 'right', baseline: 'middle' });
    expect(ink(right).right).toBe(79);
    expect(ink(right).top).toBe(30 - 7);
  });

  it('draws vertical text as the horizontal text turned a quarter counter-clockwise', () => {
    const flat = new Canvas(80, 80, view);
    drawText(flat, 'log p', 10, 10, { color: BLACK });
    const up = new Canvas(80, 80, view);
    drawText(up, 'log p', 10, 70, { color: BLACK, vertical: true });
    const [a, b] = [ink(flat), ink(up)];
    expect(b.count).toBe(a.count);
    expect(b.right - b.left).toBe(a.bottom - a.top);
    expect(b.bottom - b.top).toBe(a.right - a.left);
    // (column c, row r) of the flat text lands at (10 + r − 10, 69 − (c − 10)).
    for (let y = a.top; y <= a.bottom; y += 1) {
      for (let x = a.left; x <= a.right; x += 1) expect(at(up, 10 + (y - 10), 69 - (x - 10))).toEqual(at(flat, x, y));
    }
  });

  it('smooths diagonals with partial coverage (grey edge pixels) and keeps straight strokes solid', () => {
    const canvas = new Canvas(40, 40, view);
    drawText(canvas, '/', 5, 5, { color: BLACK });
    const values = new Set<number>();
    for (let i = 0; i < canvas.pixels.length; i += 4) values.add(canvas.pixels[i] as number);
    expect(values.has(0)).toBe(true);
    expect([...values].some((v) => v > 0 && v < 255)).toBe(true);
    const bar = new Canvas(20, 30, view);
    drawText(bar, '|', 5, 5, { color: BLACK });
    expect(ink(bar)).toEqual({ count: 2 * 18, left: 5, right: 6, top: 5, bottom: 22 });
    for (let y = 7; y <= 20; y += 1)
      expect([at(bar, 5, y), at(bar, 6, y)]).toEqual([
        [0, 0, 0],
        [0, 0, 0],
      ]);
  });
});
