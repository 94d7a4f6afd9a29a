import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  GenError,
  InvalidArgumentError,
  NumericalError,
  ShapeError,
} from '../src/errors/index.js';
import { describeValue } from '../src/internal.js';

describe('GenError hierarchy', () => {
  it('names the parameter, the expectation and what arrived', () => {
    const error = new InvalidArgumentError('rtol', 'a positive finite number', -1, 'Use e.g. 1e-5.');
    expect(error.message).toBe(
      'Invalid argument "rtol": expected a positive finite number, received -1. Use e.g. 1e-5.',
    );
    expect(error.parameter).toBe('rtol');
    expect(error.received).toBe('-1');
    expect(error.name).toBe('InvalidArgumentError');
  });

  it('describes shapes in ShapeError', () => {
    const error = new ShapeError('x', '[N, 2]', [5, 3]);
    expect(error.message).toBe('Invalid argument "x": expected shape [N, 2], received [5, 3].');
    expect(error.receivedShape).toEqual([5, 3]);
  });

  it('recognises instances by marker, including a subclass and a foreign copy', () => {
    const shape = new ShapeError('x', '[N]', [2, 2]);
    expect(ShapeError.isInstance(shape)).toBe(true);
    expect(InvalidArgumentError.isInstance(shape)).toBe(true);
    expect(GenError.isInstance(shape)).toBe(true);
    expect(NumericalError.isInstance(shape)).toBe(false);
    // An object made by another copy of the package carries the same Symbol.for marker but another prototype.
    const foreign = Object.assign(new Error('copy'), {
      [Symbol.for('@gen/core.errorKinds')]: ['NumericalError', 'GenError'],
    });
    expect(foreign instanceof NumericalError).toBe(false);
    expect(NumericalError.isInstance(foreign)).toBe(true);
    expect(InvalidArgumentError.isInstance(foreign)).toBe(false);
    expect(GenError.isInstance(new Error('plain'))).toBe(false);
    expect(GenError.isInstance(null)).toBe(false);
  });

  it('carries a machine-readable reason and time in NumericalError', () => {
    const error = new NumericalError('max-steps', 'ran out', { t: 0.25 });
    expect(error.reason).toBe('max-steps');
    expect(error.t).toBe(0.25);
    expect(new BackendUnavailableError('webgl', 'no GPU').message).toContain('"webgl"');
  });

  it('describes values for messages', () => {
    const x = tf.zeros([3, 2]);
    expect(describeValue(x)).toBe('Tensor float32 [3, 2]');
    x.dispose();
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(describeValue('rk9')).toBe('"rk9"');
    expect(describeValue('a'.repeat(80))).toBe(`"${'a'.repeat(80)}"`);
    expect(describeValue('a'.repeat(60_000))).toBe(`"${'a'.repeat(80)}…" (60000 characters)`);
    // Escapes count towards the 80 characters: 40 NUL characters escape to 240.
    expect(describeValue('\u0000'.repeat(40))).toBe(`"${'\\u0000'.repeat(13)}\\u…" (40 characters)`);
    expect(describeValue(new Array(20).fill(0))).toBe('array of length 20');
    expect(describeValue(undefined)).toBe('undefined');
  });
});

describe('isInstance typing', () => {
  it('narrows to the subclass type', () => {
    const error: unknown = new ShapeError('x', '[N]', [1, 2]);
    if (!ShapeError.isInstance(error)) throw new Error('expected a ShapeError');
    expect(error.receivedShape).toEqual([1, 2]);
    expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('x');
  });
});
