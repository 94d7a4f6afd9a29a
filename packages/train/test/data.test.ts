import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  datasetFromArray,
  datasetFromTensor,
  parseCsv,
  parseNpy,
  TOY_DATASET_NAMES,
  type ToyDatasetName,
  toCsv,
  toNpy,
  toyDataset,
} from '../src/data/index.js';
import { loadCsv, loadNpy } from '../src/node.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const N = 20_000;

/** Draws n points of a toy set as [x, y] pairs. */
function points(name: ToyDatasetName, n = N, seed = 1): [number, number][] {
  const x = toyDataset(name).sample(n, seed);
  const flat = x.dataSync();
  x.dispose();
  return Array.from({ length: n }, (_, i) => [flat[2 * i] as number, flat[2 * i + 1] as number]);
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const std = (values: readonly number[]): number => {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
};
const radius = ([x, y]: [number, number]): number => Math.hypot(x, y);

/** Groups points by the index of the nearest reference value of `key`. */
function groupBy(pts: [number, number][], key: (p: [number, number]) => number, refs: readonly number[]) {
  const groups = refs.map(() => [] as [number, number][]);
  for (const p of pts) {
    const k = key(p);
    let best = 0;
    for (let r = 1; r < refs.length; r += 1)
      if (Math.abs(k - (refs[r] as number)) < Math.abs(k - (refs[best] as number))) best = r;
    groups[best]?.push(p);
  }
  return groups;
}

/** The float32 bit patterns of a tensor. */
const bits = (x: tf.Tensor): Uint32Array => new Uint32Array(Float32Array.from(x.dataSync()).buffer);

describe('toy datasets', () => {
  it.each(TOY_DATASET_NAMES)('%s: [n, 2] float32, finite, seeded, leak-free', async (name) => {
    const data = toyDataset(name);
    expect(data.name).toBe(name);
    expect(data.dim).toBe(2);
    for (const n of [1, 7, 256]) {
      const x = await expectNoLeaks(() => data.sample(n, 3));
      expect(x.shape).toEqual([n, 2]);
      expect(x.dtype).toBe('float32');
      expect(Array.from(x.dataSync()).every(Number.isFinite)).toBe(true);
      x.dispose();
    }
    const [a, b, c] = [data.sample(64, 11), data.sample(64, 11), data.sample(64, 12)];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });

  it('8gaussians: 8 equal clusters at radius 4/1.414, 45° apart, with std 0.5/1.414', () => {
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: FFJORD's literal divisor.
    const divisor = 1.414;
    const centreRadius = 4 / divisor;
    const angles = Array.from({ length: 8 }, (_, k) => (k * Math.PI) / 4);
    const angle = ([x, y]: [number, number]) => (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
    const pts = points('8gaussians');
    const clusters = groupBy(pts, angle, [...angles, 2 * Math.PI]);
    clusters[0]?.push(...(clusters.pop() ?? [])); // 360° is 0°
    for (const [k, cluster] of clusters.entries()) {
      const a = angles[k] as number;
      expect(Math.abs(cluster.length / N - 1 / 8)).toBeLessThan(0.01);
      expectClose(
        [mean(cluster.map((p) => p[0])), mean(cluster.map((p) => p[1]))],
        [centreRadius * Math.cos(a), centreRadius * Math.sin(a)],
        { atol: 0.025 },
        `cluster ${k} mean`,
      );
      expectClose(std(cluster.map(radius)), 0.5 / divisor, { atol: 0.015 }, `cluster ${k} radial std`);
    }
  });

  it('checkerboard: uniform on the 8 even squares of side 2 in [−4, 4]², empty elsewhere', () => {
    const counts = new Array<number>(16).fill(0);
    for (const [x, y] of points('checkerboard')) {
      expect(Math.abs(x) <= 4 && Math.abs(y) <= 4).toBe(true);
      const i = Math.floor((x + 4) / 2);
      const j = Math.floor((y + 4) / 2);
      counts[4 * i + j] = (counts[4 * i + j] as number) + 1;
    }
    for (let i = 0; i < 4; i += 1) {
      for (let j = 0; j < 4; j += 1) {
        const share = (counts[4 * i + j] as number) / N;
        if ((i + j) % 2 === 1) expect(share).toBe(0);
        else expect(Math.abs(share - 1 / 8)).toBeLessThan(0.01);
      }
    }
  });

  it('circles: half the points at radius 3, half at 1.5, radial noise 0.24', () => {
    const [outer = [], inner = []] = groupBy(points('circles'), radius, [3, 1.5]);
    expect(Math.abs(outer.length / N - 0.5)).toBeLessThan(0.005);
    expectClose(mean(outer.map(radius)), 3, { atol: 0.02 }, 'outer radius');
    expectClose(mean(inner.map(radius)), 1.5, { atol: 0.03 }, 'inner radius');
    expectClose(std(outer.map(radius)), 0.24, { atol: 0.01 }, 'outer radial std');
  });

  it('rings: a quarter of the points on each of the radii 3, 2.25, 1.5, 0.75, radial noise 0.08', () => {
    const radii = [3, 2.25, 1.5, 0.75];
    const rings = groupBy(points('rings'), radius, radii);
    for (const [r, ring] of rings.entries()) {
      expect(ring.length).toBe(N / 4);
      expectClose(mean(ring.map(radius)), radii[r] as number, { atol: 0.01 }, `ring ${r} radius`);
      expectClose(std(ring.map(radius)), 0.08, { atol: 0.005 }, `ring ${r} radial std`);
    }
  });

  it('moons: two noisy half circles of radius 2 centred at (−1, −0.2) and (1, 0.8)', () => {
    const pts = points('moons');
    // Upper moon: (2cos θ − 1, 2sin θ − 0.2), lower moon: (1 − 2cos θ, 0.8 − 2sin θ), θ ∈ [0, π]: their means are
    // (−1, 4/π − 0.2) and (1, 0.8 − 4/π), so the overall mean is (0, 0.3).
    expectClose([mean(pts.map((p) => p[0])), mean(pts.map((p) => p[1]))], [0, 0.3], { atol: 0.02 }, 'mean');
    const arcDistance = ([x, y]: [number, number]) =>
      Math.min(Math.abs(Math.hypot(x + 1, y + 0.2) - 2), Math.abs(Math.hypot(x - 1, y - 0.8) - 2));
    const distances = pts.map(arcDistance);
    expect(distances.filter((d) => d < 0.6).length / N).toBeGreaterThan(0.99); // noise std 0.2
    expectClose(Math.sqrt(mean(distances.map((d) => d * d))), 0.2, { atol: 0.02 }, 'RMS distance to the arcs');
  });

  it('swissroll: mean radius 0.6π (τ/5 with τ ~ U[1.5π, 4.5π]) and noise 0.2 per coordinate', () => {
    const pts = points('swissroll');
    const radii = pts.map(radius);
    const meanRadius = mean(radii);
    expectClose(meanRadius, 0.6 * Math.PI, { atol: 0.03 }, 'mean radius');
    expect(Math.max(...radii)).toBeLessThan(0.9 * Math.PI + 1);
    // Spread: τ/5 uniform on [0.3π, 0.9π] has std 0.6π/√12 = 0.544; the radial part of the 0.2 noise adds in
    // quadrature, √(0.544² + 0.2²) = 0.580 (without noise the test would see 0.544; standard error ≈ 0.003).
    const spread = Math.sqrt(mean(radii.map((r) => (r - meanRadius) ** 2)));
    expectClose(spread, Math.hypot((0.6 * Math.PI) / Math.sqrt(12), 0.2), { atol: 0.012 }, 'radius std');
  });

  it('pinwheel: five arms around the origin at radius ≈ 2', () => {
    const pts = points('pinwheel');
    const phi = pts.map(([x, y]) => Math.atan2(y, x));
    expectClose([mean(pts.map((p) => p[0])), mean(pts.map((p) => p[1]))], [0, 0], { atol: 0.03 }, 'mean');
    expectClose(mean(pts.map(radius)), 2.01, { atol: 0.02 }, 'mean radius');
    const resultant = (k: number) =>
      Math.hypot(mean(phi.map((a) => Math.cos(k * a))), mean(phi.map((a) => Math.sin(k * a))));
    expect(resultant(1)).toBeLessThan(0.03);
    expect(resultant(5)).toBeGreaterThan(0.3);
  });

  it('2spirals: the second half mirrors the first through the origin, noise 0.1', () => {
    const pts = points('2spirals');
    const half = N / 2;
    const sums = pts
      .slice(0, half)
      .flatMap(([x, y], i) => [x + (pts[half + i]?.[0] as number), y + (pts[half + i]?.[1] as number)]);
    expectClose([mean(sums), std(sums)], [0, 0.1 * Math.SQRT2], { atol: 0.005 }, 'mirror residual mean, std');
    expect(Math.max(...pts.map(radius))).toBeLessThan(Math.PI + 0.8);
  });

  it('rejects unknown names (listing the valid ones) and bad n or seed', () => {
    expectInvalidArgument(() => toyDataset('spiral' as ToyDatasetName), InvalidArgumentError, 'name');
    expect(() => toyDataset('spiral' as ToyDatasetName)).toThrow(/"moons", "circles", "8gaussians"/);
    expectInvalidArgument(() => toyDataset('moons').sample(0, 1), InvalidArgumentError, 'n');
    expectInvalidArgument(() => toyDataset('moons').sample(2.5, 1), InvalidArgumentError, 'n');
    expectInvalidArgument(() => toyDataset('moons').sample(2, -1), InvalidArgumentError, 'seed');
  });
});

describe('array and tensor datasets', () => {
  const rows = [
    [0, 10],
    [1, 11],
    [2, 12],
    [3, 13],
  ];

  it('draws rows uniformly with replacement, reproducibly from the seed', async () => {
    const data = datasetFromArray(rows, { columns: ['a', 'b'] });
    expect([data.name, data.dim, data.size, data.columns]).toEqual(['array', 2, 4, ['a', 'b']]);
    const batch = await expectNoLeaks(() => data.sample(8000, 5));
    const flat = batch.dataSync();
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i += 1) {
      const first = flat[2 * i] as number;
      expect(flat[2 * i + 1]).toBe(first + 10); // whole rows
      counts[first] = (counts[first] as number) + 1;
    }
    for (const c of counts) expect(Math.abs(c / 8000 - 0.25)).toBeLessThan(0.02);
    const again = data.sample(8000, 5);
    expect(Array.from(again.dataSync())).toEqual(Array.from(flat));
    tf.dispose([batch, again]);
  });

  it('keeps a host copy of a tensor, so the tensor may be disposed', async () => {
    const x = tf.tensor2d(rows);
    const data = datasetFromTensor(x, { name: 'grid' });
    x.dispose();
    const all = await expectNoLeaks(() => data.toTensor());
    expect([data.name, data.size, data.dim]).toEqual(['grid', 4, 2]);
    expect(all.arraySync()).toEqual(rows);
    all.dispose();
  });

  it('rejects bad rows and tensors, naming the entry', () => {
    expectInvalidArgument(() => datasetFromArray([]), ShapeError, 'rows');
    expectInvalidArgument(() => datasetFromArray([[1, 2], [3]]), ShapeError, 'rows[1]');
    expectInvalidArgument(() => datasetFromArray([[1, Number.NaN]]), InvalidArgumentError, 'rows[0][1]');
    expectInvalidArgument(
      () => datasetFromArray([[1, 2]], { columns: ['a'] }),
      InvalidArgumentError,
      'options.columns',
    );
    const vector = tf.tensor1d([1, 2]);
    const withNaN = tf.tensor2d([[1, Number.NaN]]);
    const flags = tf.tensor2d([[true, false]], [1, 2], 'bool');
    expectInvalidArgument(() => datasetFromTensor(vector), ShapeError, 'x');
    expectInvalidArgument(() => datasetFromTensor(withNaN), InvalidArgumentError, 'x');
    expectInvalidArgument(() => datasetFromTensor(flags), InvalidArgumentError, 'x');
    tf.dispose([vector, withNaN, flags]);
  });
});

/** Awkward float32 values: signed zero, subnormal, extremes, non-terminating decimals. */
const FLOAT32_ROWS = [
  [0.1, -0, 1e-45],
  [3.4028234663852886e38, -1.1754943508222875e-38, 1 / 3],
  [Math.PI, -2.5, 65504],
];
/** Awkward float64 values. */
const FLOAT64_ROWS = [
  [Math.PI, -1 / 3, 1e-300],
  [-0, 5e-324, 1.7976931348623157e308],
];

describe('CSV', () => {
  it('round-trips a float32 tensor bit for bit, with the shortest decimals', () => {
    const x = tf.tensor2d(FLOAT32_ROWS);
    const text = toCsv(x, { columns: ['a', 'b', 'c'] });
    expect(text.split('\n')[1]).toBe('0.1,-0,1e-45');
    const data = parseCsv(text);
    expect(data.columns).toEqual(['a', 'b', 'c']);
    const back = data.toTensor();
    expect(bits(back)).toEqual(bits(x));
    tf.dispose([x, back]);
  });

  it('round-trips float64 rows exactly, without a header', () => {
    const data = parseCsv(toCsv(FLOAT64_ROWS));
    expect(data.columns).toBeUndefined();
    expect(Array.from(data.values)).toEqual(FLOAT64_ROWS.flat());
    expect(Object.is(data.values[3], -0)).toBe(true);
  });

  it('reads CRLF, blank lines, quoted headers and padded fields', () => {
    const data = parseCsv('"x", "y"\r\n\r\n 1.5 , -2 \r\n.5,3e-1\r\n\r\n', { name: 'points.csv' });
    expect(data.columns).toEqual(['x', 'y']);
    expect(Array.from(data.values)).toEqual([1.5, -2, 0.5, 0.3]);
    expect(data.name).toBe('points.csv');
  });

  it('reports malformed content with its line and column', () => {
    const cases: [string, RegExp][] = [
      ['x,y\n1,2\n3,abc\n', /received "abc"\. Line 3, column 2 of csv/],
      ['1,2\n3\n', /expected 2 fields on every line \(as on line 1\), received 1\. Line 2 of csv/],
      ['1,2\n\n3,NaN\n', /Line 3, column 2/],
      ['1,,2\n', /received ""\. Line 1, column 2/],
      ['1,1e999\n', /Line 1, column 2/],
      ['x,y\n', /No data rows/],
      ['', /No data rows/],
    ];
    for (const [text, message] of cases) {
      expectInvalidArgument(() => parseCsv(text), InvalidArgumentError, 'text');
      expect(() => parseCsv(text)).toThrow(message);
    }
    expectInvalidArgument(() => toCsv([[1, 2]], { columns: ['a', 'b,c'] }), InvalidArgumentError, 'options.columns');
    expectInvalidArgument(() => toCsv([[1, 2]], { columns: ['a', '2'] }), InvalidArgumentError, 'options.columns');
    expectInvalidArgument(() => toCsv([[1], [2, 3]]), ShapeError, 'rows[1]');
  });
});

describe('NPY', () => {
  // np.save(np.array([[1.5, -2], [0.1, 3e-8], [-0., 65504]], dtype='<f4')) with NumPy 2.4.
  const NUMPY_F4 =
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwM3MzD1Z2QAzAAAAgADgf0c=';
  // np.lib.format.write_array(f, np.array([[np.pi, -1/3, 1e-300]]), version=(2, 0)).
  const NUMPY_F8_V2 =
    'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoYLURU+yEJQFVVVVVVVdW/WfP4wh9upQE=';
  const decode = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

  it('writes the same bytes as NumPy and reads NumPy files (v1 float32, v2 float64)', () => {
    const x = tf.tensor2d([
      [1.5, -2],
      [0.1, 3e-8],
      [-0, 65504],
    ]);
    expect(toNpy(x)).toEqual(decode(NUMPY_F4));
    const back = parseNpy(decode(NUMPY_F4)).toTensor();
    expect(bits(back)).toEqual(bits(x));
    const v2 = parseNpy(decode(NUMPY_F8_V2).buffer as ArrayBuffer);
    expect([v2.size, v2.dim]).toEqual([1, 3]);
    expect(Array.from(v2.values)).toEqual([Math.PI, -1 / 3, 1e-300]);
    tf.dispose([x, back]);
  });

  it('round-trips float32 tensors and float64 rows bit for bit, data aligned to 64 bytes', () => {
    const x = tf.tensor2d(FLOAT32_ROWS);
    const bytes = toNpy(x);
    expect((10 + (bytes[8] as number) + 256 * (bytes[9] as number)) % 64).toBe(0);
    const back = parseNpy(bytes).toTensor();
    expect(bits(back)).toEqual(bits(x));
    const rows = parseNpy(toNpy(FLOAT64_ROWS));
    expect(Array.from(rows.values)).toEqual(FLOAT64_ROWS.flat());
    tf.dispose([x, back]);
  });

  it('rejects other versions, dtypes, orders, shapes, truncated data and non-finite values', () => {
    const good = toNpy([
      [1, 2],
      [3, 4],
    ]);
    const withHeader = (edit: (header: string) => string): Uint8Array => {
      const headerLength = (good[8] as number) + 256 * (good[9] as number);
      const header = edit(String.fromCharCode(...good.subarray(10, 10 + headerLength)));
      const out = new Uint8Array(good.length);
      out.set(good);
      for (let i = 0; i < headerLength; i += 1) out[10 + i] = i < header.length ? header.charCodeAt(i) : 0x20;
      return out;
    };
    const version3 = good.slice();
    version3[6] = 3;
    const nan = good.slice();
    new DataView(nan.buffer).setFloat64(nan.length - 8, Number.NaN, true);
    const cases: [Uint8Array, typeof InvalidArgumentError, RegExp][] = [
      [new TextEncoder().encode('x,y\n1,2\n'), InvalidArgumentError, /NPY file/],
      [version3, InvalidArgumentError, /version 1\.0 or 2\.0, received "version 3\.0"/],
      [withHeader((h) => h.replace('<f8', '>f8')), InvalidArgumentError, /little-endian/],
      [withHeader((h) => h.replace('<f8', '<i8')), InvalidArgumentError, /'<f4' or '<f8'/],
      [withHeader((h) => h.replace('False', 'True ')), InvalidArgumentError, /fortran_order True/],
      [withHeader((h) => h.replace('(2, 2)', '(4,)  ')), ShapeError, /2-D/],
      [withHeader((h) => h.replace('(2, 2)', '(2, 3)')), InvalidArgumentError, /48 data bytes/],
      [nan, InvalidArgumentError, /Entry \(1, 1\)/],
    ];
    for (const [bytes, kind, message] of cases) {
      expectInvalidArgument(() => parseNpy(bytes), kind, 'buffer');
      expect(() => parseNpy(bytes)).toThrow(message);
    }
    expectInvalidArgument(() => parseNpy('npy' as unknown as Uint8Array), InvalidArgumentError, 'buffer');
  });
});

describe('loadCsv and loadNpy', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gen-train-data-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('read files written by toCsv and toNpy, named after the file', async () => {
    await writeFile(join(dir, 'a.csv'), toCsv(FLOAT64_ROWS, { columns: ['p', 'q', 'r'] }));
    await writeFile(join(dir, 'a.npy'), toNpy(FLOAT64_ROWS));
    const csv = await loadCsv(join(dir, 'a.csv'));
    const npy = await loadNpy(join(dir, 'a.npy'));
    expect([csv.name, npy.name]).toEqual(['a.csv', 'a.npy']);
    expect(Array.from(csv.values)).toEqual(FLOAT64_ROWS.flat());
    expect(Array.from(npy.values)).toEqual(FLOAT64_ROWS.flat());
    await expect(loadCsv(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});

/** An NPY file (format 1.0 or 2.0) with the given header dict text and data bytes, padded as NumPy pads it. */
function npyFile(dict: string, data: Uint8Array, major: 1 | 2 = 1): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const padding = (64 - ((prefix + dict.length + 1) % 64)) % 64;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const bytes = new Uint8Array(prefix + header.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i += 1) bytes[prefix + i] = header.charCodeAt(i);
  bytes.set(data, prefix + header.length);
  return bytes;
}

/** The first thing `fn` throws. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('hostile NPY and CSV files (issue 12)', () => {
  const data16 = new Uint8Array(new Float64Array([1, 2]).buffer);
  const data32 = new Uint8Array(new Float64Array([1, 2, 3, 4]).buffer);
  const dict = (shape: string, extra = '') => `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, ${extra}}`;

  it('refuses shapes that are not tuples of integers instead of training on zeros', () => {
    for (const shape of ['(abc, 2)', '(2.5, 2)', '(2, 1e1)', '(0x2, 2)', '(2, 2', '[2, 2]', '(2,, 2)', "('2', 2)"]) {
      const bytes = npyFile(dict(shape), data32);
      expectInvalidArgument(() => parseNpy(bytes), InvalidArgumentError, 'buffer');
      expect(thrown(() => parseNpy(bytes)).message).toMatch(/shape/);
    }
  });

  it('refuses negative, zero and huge dimensions before allocating', () => {
    expectInvalidArgument(() => parseNpy(npyFile(dict('(-1, 2)'), data16)), ShapeError, 'buffer');
    expectInvalidArgument(() => parseNpy(npyFile(dict('(0, 2)'), new Uint8Array())), ShapeError, 'buffer');
    for (const shape of ['(4294967296, 4294967296)', '(99999999999999999999999, 2)', `(${'9'.repeat(5000)}, 2)`]) {
      const error = thrown(() => parseNpy(npyFile(dict(shape), data32)));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message.length).toBeLessThan(400);
    }
  });

  it('requires the data to be exactly dtype size × N × D bytes (no trailing bytes)', () => {
    const extra = npyFile(dict('(1, 2)'), data32);
    expectInvalidArgument(() => parseNpy(extra), InvalidArgumentError, 'buffer');
    expect(() => parseNpy(extra)).toThrow(/expected 16 data bytes for shape \(1, 2\), received "32 bytes"/);
  });

  it('bounds the header at 10 000 bytes: a 3 MB header is refused without a stack overflow', () => {
    const huge = npyFile(dict('(2, 2)', `'pad': '${' '.repeat(3_000_000)}', `), data32, 2);
    const error = thrown(() => parseNpy(huge));
    expectInvalidArgument(() => parseNpy(huge), InvalidArgumentError, 'buffer');
    expect(error.message).toMatch(/a header of at most 10000 bytes, received "3000\d{3} bytes"/);
    const nested = npyFile(`{'descr': ${'('.repeat(9000)}}`, data32);
    expectInvalidArgument(() => parseNpy(nested), InvalidArgumentError, 'buffer');
    expect(thrown(() => parseNpy(nested)).message.length).toBeLessThan(400);
  });

  it('parses the header dict strictly: keys once each, in any order, trailing comma optional', () => {
    const reordered = npyFile("{'shape': (2, 2), 'fortran_order': False, 'descr': '<f8'}", data32);
    expect(Array.from(parseNpy(reordered).values)).toEqual([1, 2, 3, 4]);
    const python2 = npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 2L), }", data32);
    expect(parseNpy(python2).size).toBe(2);
    for (const bad of [
      "{'descr': '<f8', 'shape': (2, 2), }",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'shape': (2, 2)}",
      "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 2)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)} trailing",
      "{'descr': '<f8' 'fortran_order': False, 'shape': (2, 2)}",
    ]) {
      expectInvalidArgument(() => parseNpy(npyFile(bad, data32)), InvalidArgumentError, 'buffer');
    }
  });

  it('echoes at most about 80 characters of the input in any message', () => {
    const longDescr = npyFile(`{'descr': '${'x'.repeat(5000)}', 'fortran_order': False, 'shape': (2, 2)}`, data32);
    const messages = [
      thrown(() => parseNpy(longDescr)).message,
      thrown(() => parseCsv(`${'h'.repeat(60_000)}\n`)).message,
      thrown(() => parseCsv(`1,2\n3,${'9'.repeat(30_000)}x\n`)).message,
    ];
    for (const message of messages) expect(message.length).toBeLessThan(300);
    expect(messages[1]).toMatch(/received "h{80}…" \(60001 characters\)\. No data rows in csv\./);
  });

  it('checks a 1 MB numeric-looking cell in linear time (the number pattern was quadratic: ~20 min)', () => {
    // The hang guard is 30 s; before the fix 60 000 digits took 4.7 s and the time grew with the square.
    const text = `1,2\n3,${'9'.repeat(1_000_000)}x\n`;
    expectInvalidArgument(() => parseCsv(text), InvalidArgumentError, 'text');
    expect(thrown(() => parseCsv(text)).message).toMatch(/received "9{80}…" \(1000001 characters\)\. Line 2, column 2/);
  }, 30_000);

  it('reports a missing file as a typed error naming its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-train-missing-'));
    for (const load of [loadCsv, loadNpy]) {
      const file = join(dir, 'missing.data');
      const error = await load(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('path');
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('ENOENT');
    }
    await rm(dir, { recursive: true, force: true });
  });
});
