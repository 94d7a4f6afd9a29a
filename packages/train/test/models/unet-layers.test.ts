import { initBackend, Rng } from '@gen/core';
import { expectClose } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionWeights } from '../../src/models/unet/attention.js';
import { paddedConv2d } from '../../src/models/unet/conv.js';
import { sinusoidalTimeFeatures } from '../../src/models/unet/embedding.js';
import { GROUP_NORM_EPSILON, groupNorm } from '../../src/models/unet/group-norm.js';
import { cropTopLeft, upsampleNearest2x } from '../../src/models/unet/resample.js';
import { permuteAxes } from '../../src/models/unet/state-dict-names.js';

beforeAll(async () => {
  await initBackend('cpu');
});

function normals(count: number, seed: number): Float32Array {
  return Float32Array.from(new Rng(seed).fillNormal(new Float64Array(count)));
}

describe('groupNorm', () => {
  it('matches a hand computation of each sample-group’s mean and biased variance', () => {
    const [n, h, w, c, groups] = [2, 3, 2, 4, 2];
    const values = normals(n * h * w * c, 1).map((v, i) => v * (1 + (i % c)) + (i % 3));
    const gamma = [0.5, -1, 2, 1.5];
    const beta = [0.1, 0.2, -0.3, 0];
    const got = tf.tidy(() =>
      groupNorm(tf.tensor4d(values, [n, h, w, c]), tf.tensor1d(gamma), tf.tensor1d(beta), groups).dataSync(),
    );
    const expected = new Float64Array(values.length);
    const size = c / groups;
    for (let s = 0; s < n; s += 1) {
      for (let g = 0; g < groups; g += 1) {
        const indices: number[] = [];
        for (let p = 0; p < h * w; p += 1)
          for (let k = 0; k < size; k += 1) indices.push((s * h * w + p) * c + g * size + k);
        const mean = indices.reduce((sum, i) => sum + (values[i] as number), 0) / indices.length;
        const variance = indices.reduce((sum, i) => sum + ((values[i] as number) - mean) ** 2, 0) / indices.length;
        for (const i of indices) {
          const channel = i % c;
          expected[i] =
            (((values[i] as number) - mean) / Math.sqrt(variance + GROUP_NORM_EPSILON)) * (gamma[channel] as number) +
            (beta[channel] as number);
        }
      }
    }
    expectClose(got, expected, { atol: 2e-5, rtol: 1e-5 }, 'groupNorm');
  });
});

describe('attentionWeights', () => {
  it('gives rows that are probability vectors, equal to softmax(q·kᵀ/√d) computed by hand', () => {
    const [n, heads, p, d] = [2, 2, 5, 3];
    const q = normals(n * heads * p * d, 2);
    const k = normals(n * heads * p * d, 3);
    const got = tf.tidy(
      () =>
        attentionWeights(tf.tensor4d(q, [n, heads, p, d]), tf.tensor4d(k, [n, heads, p, d])).dataSync() as Float32Array,
    );
    expect(got.length).toBe(n * heads * p * p);
    for (let row = 0; row < n * heads * p; row += 1) {
      const slice = got.subarray(row * p, (row + 1) * p);
      expect(slice.every((v) => v >= 0)).toBe(true);
      expect(Math.abs(slice.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
      const block = Math.floor(row / p);
      const scores = Array.from({ length: p }, (_, j) => {
        let dot = 0;
        for (let e = 0; e < d; e += 1) dot += (q[row * d + e] as number) * (k[(block * p + j) * d + e] as number);
        return dot / Math.sqrt(d);
      });
      const top = Math.max(...scores);
      const total = scores.reduce((sum, s) => sum + Math.exp(s - top), 0);
      expectClose(
        slice,
        scores.map((s) => Math.exp(s - top) / total),
        { atol: 1e-6, rtol: 1e-5 },
        `row ${row}`,
      );
    }
  });
});

describe('sinusoidalTimeFeatures', () => {
  it('is [cos(1000 t f), sin(1000 t f)] with f_i = exp(−ln(10⁴)·i/half), cosines first', () => {
    const times = [0, 0.25, 1];
    const got = tf.tidy(() => sinusoidalTimeFeatures(tf.tensor1d(times), 8).dataSync());
    const expected = times.flatMap((t) => {
      const f = [0, 1, 2, 3].map((i) => Math.exp((-Math.log(10000) * i) / 4));
      return [...f.map((fi) => Math.cos(1000 * t * fi)), ...f.map((fi) => Math.sin(1000 * t * fi))];
    });
    // float32 angles up to 1000 rad carry an absolute rounding error of about 1000·2⁻²⁴ ≈ 6e-5.
    expectClose(got, expected, { atol: 2e-4 }, 'features');
    expect(Array.from(got.subarray(0, 8))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('upsampleNearest2x and cropTopLeft', () => {
  it('repeats each pixel into a 2×2 block, and crops the top-left window', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
    const up = upsampleNearest2x(x);
    expect(up.shape).toEqual([1, 4, 6, 1]);
    expect(Array.from(up.dataSync())).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6]);
    const cropped = cropTopLeft(up, 3, 5);
    expect(Array.from(cropped.dataSync())).toEqual([1, 1, 2, 2, 3, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6]);
    tf.dispose([x, up, cropped]);
  });
});

describe('paddedConv2d', () => {
  it.each([
    [1, 3, 6],
    [2, 3, 7],
    [2, 3, 8],
    [1, 1, 5],
  ] as const)(
    'stride %i, kernel size %i, side %i: values as PyTorch padding, gradients equal to tfjs’s',
    (stride, k, side) => {
      const [n, cin, cout] = [2, 3, 4];
      const x = tf.tensor4d(normals(n * side * side * cin, 4), [n, side, side, cin]);
      const kernel = tf.tensor4d(normals(k * k * cin * cout, 5), [k, k, cin, cout]);
      const bias = tf.tensor1d(normals(cout, 6));
      const pad = (k - 1) / 2;
      const out = Math.floor((side + 2 * pad - k) / stride) + 1;
      const weights = tf.tensor4d(normals(n * out * out * cout, 7), [n, out, out, cout]);
      const loss =
        (conv: (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.mul(conv(a, b, c), weights));
      // The reference: explicit zero padding, then a 'valid' convolution, with tfjs's own gradients.
      const reference = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.add(
          tf.conv2d(
            tf.pad(a, [
              [0, 0],
              [pad, pad],
              [pad, pad],
              [0, 0],
            ]) as tf.Tensor4D,
            b as tf.Tensor4D,
            stride,
            'valid',
          ),
          c,
        );
      const mine = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => paddedConv2d(a, b, c, stride);
      const y = tf.tidy(() => mine(x, kernel, bias));
      expect(y.shape).toEqual([n, out, out, cout]);
      expectClose(
        y.dataSync(),
        tf.tidy(() => reference(x, kernel, bias).dataSync()),
        { atol: 1e-5 },
        'value',
      );
      const got = tf.grads(loss(mine))([x, kernel, bias]);
      const expected = tf.grads(loss(reference))([x, kernel, bias]);
      for (const [i, name] of ['x', 'kernel', 'bias'].entries()) {
        expect(got[i]?.shape).toEqual(expected[i]?.shape);
        expectClose(
          (got[i] as tf.Tensor).dataSync(),
          (expected[i] as tf.Tensor).dataSync(),
          { atol: 1e-4, rtol: 1e-5 },
          name,
        );
      }
      tf.dispose([x, kernel, bias, weights, y, ...got, ...expected]);
    },
  );
});

describe('permuteAxes', () => {
  it('transposes a matrix and moves a conv kernel [kh, kw, in, out] to [out, in, kh, kw] and back', () => {
    expect(Array.from(permuteAxes(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
    const shape = [2, 3, 4, 5];
    const values = Float32Array.from({ length: 120 }, (_, i) => i);
    const torch = permuteAxes(values, shape, [3, 2, 0, 1]);
    const expected = tf.tidy(() => tf.transpose(tf.tensor4d(values, [2, 3, 4, 5]), [3, 2, 0, 1]).dataSync());
    expect(Array.from(torch)).toEqual(Array.from(expected));
    expect(Array.from(permuteAxes(torch, [5, 4, 2, 3], [2, 3, 1, 0]))).toEqual(Array.from(values));
  });
});
