import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../src/errors/index.js';
import { initBackend } from '../src/index.js';
import {
  assertFiniteNumber,
  assertFiniteTensor,
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertPositive,
  assertTensor,
} from '../src/internal.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('number checks', () => {
  it('accept valid values and return them', () => {
    expect(assertFiniteNumber('a', -2.5)).toBe(-2.5);
    expect(assertPositive('b', 1e-9)).toBe(1e-9);
    expect(assertNonNegative('c', 0)).toBe(0);
    expect(assertInteger('d', 3, 1)).toBe(3);
    expect(assertOneOf('e', 'gaussian', ['rademacher', 'gaussian'])).toBe('gaussian');
  });

  it('reject invalid values with the parameter named', () => {
    expect(() => assertFiniteNumber('t0', Number.NaN)).toThrow(/"t0".*received NaN/);
    expect(() => assertPositive('rtol', 0)).toThrow(/"rtol": expected a positive finite number, received 0/);
    expect(() => assertNonNegative('sigmaMin', -1)).toThrow(InvalidArgumentError);
    expect(() => assertInteger('n', 2.5, 1)).toThrow(/"n": expected an integer ≥ 1, received 2.5/);
    expect(() => assertInteger('n', 0, 1)).toThrow(/received 0/);
    expect(() => assertOneOf('method', 'rk9', ['euler', 'rk4'])).toThrow(/one of "euler", "rk4", received "rk9"/);
  });
});

describe('tensor checks', () => {
  it('accept matching tensors', () => {
    const x = tf.zeros([4, 2]);
    expect(assertTensor('x', x, { shape: [null, 2], dtype: 'float32' })).toBe(x);
    expect(() => assertFiniteTensor('x', x)).not.toThrow();
    x.dispose();
  });

  it('reject wrong rank, shape, dtype, disposal and non-finite entries', () => {
    const x = tf.zeros([4, 3]);
    expect(() => assertTensor('x', x, { shape: [null, 2] })).toThrow(ShapeError);
    expect(() => assertTensor('x', x, { shape: [null, 2] })).toThrow(
      /"x": expected shape \[\*, 2\], received \[4, 3\]/,
    );
    expect(() => assertTensor('x', x, { rank: 1 })).toThrow(/shape of rank 1/);
    expect(() => assertTensor('x', x, { dtype: 'int32' })).toThrow(/dtype int32, received Tensor float32 \[4, 3\]/);
    expect(() => assertTensor('x', [1, 2])).toThrow(/"x": expected a tf.Tensor/);
    x.dispose();
    expect(() => assertTensor('x', x)).toThrow(/a live tensor, received disposed Tensor float32/);
    const bad = tf.tensor([1, Number.NaN, 3]);
    expect(() => assertFiniteTensor('y0', bad)).toThrow(
      /"y0": expected finite entries, received Tensor float32 \[3\]. Entry 1 \(flat index\) is NaN/,
    );
    bad.dispose();
  });
});
