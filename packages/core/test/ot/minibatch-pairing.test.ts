import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/index.js';
import { exactAssignment, minibatchOtPairing, squaredDistances } from '../../src/ot/index.js';
import { Rng } from '../../src/random/rng.js';
import { expectNoLeaks } from '../../src/testing/index.js';
import { argumentError } from '../support/argument-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('minibatchOtPairing', () => {
  it("pairs by the exact assignment with 'exact'", async () => {
    const n = 48;
    const x0 = tf.tensor2d(new Rng(1).fillNormal(new Float32Array(n * 2)), [n, 2]);
    const x1 = tf.tensor2d(new Rng(2).fillNormal(new Float32Array(n * 2)), [n, 2]);
    const pairs = await expectNoLeaks(() => minibatchOtPairing(x0, x1, { method: 'exact' }));
    expect(Array.from(pairs.source)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(Array.from(pairs.target)).toEqual(Array.from(exactAssignment(squaredDistances(x0, x1), n)));
    tf.dispose([x0, x1]);
  });

  it("samples pairs that follow the optimal matching from a sharp entropic plan with 'sinkhorn'", async () => {
    const n = 32;
    const perm = new Rng(5).permutation(n);
    const x0 = tf.tensor2d(
      new Rng(6).fillNormal(new Float32Array(n * 2)).map((v) => 10 * v),
      [n, 2],
    );
    const x1 = tf.tidy(() => tf.add(tf.gather(x0, tf.tensor1d(perm, 'int32')), 0.01));
    const options = { method: 'sinkhorn', epsilon: 1e-3, seed: 3 } as const;
    const pairs = await expectNoLeaks(() => minibatchOtPairing(x0, x1, options));
    expect(pairs.source).toHaveLength(n);
    for (let k = 0; k < n; k += 1) expect(perm[pairs.target[k] as number]).toBe(pairs.source[k]);
    expect(minibatchOtPairing(x0, x1, options)).toEqual(pairs);
    tf.dispose([x0, x1]);
  });

  it('allows unequal batch sizes with sinkhorn and returns N pairs', () => {
    const x0 = tf.tensor2d(new Rng(7).fillNormal(new Float32Array(12)), [6, 2]);
    const x1 = tf.tensor2d(new Rng(8).fillNormal(new Float32Array(8)), [4, 2]);
    const { source, target } = minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: 0.5, seed: 0 });
    expect(source).toHaveLength(6);
    expect(Math.max(...target)).toBeLessThan(4);
    tf.dispose([x0, x1]);
  });

  it('rejects bad input, naming the parameter', () => {
    const x0 = tf.zeros([4, 2]);
    const x1 = tf.zeros([4, 2]);
    const short = tf.zeros([3, 2]);
    const wide = tf.zeros([4, 3]);
    const flat = tf.zeros([8]);
    expect(() => minibatchOtPairing(x0, short, { method: 'exact' })).toThrow(argumentError('ShapeError', 'x1'));
    expect(() => minibatchOtPairing(x0, wide, { method: 'exact' })).toThrow(argumentError('ShapeError', 'x1'));
    expect(() => minibatchOtPairing(flat, x1, { method: 'exact' })).toThrow(argumentError('ShapeError', 'x0'));
    expect(() => minibatchOtPairing(x0, x1, { method: 'greedy' as 'exact' })).toThrow(
      argumentError('InvalidArgumentError', 'options.method'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', seed: 1 })).toThrow(
      argumentError('InvalidArgumentError', 'options.epsilon'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: -0.1, seed: 1 })).toThrow(
      argumentError('InvalidArgumentError', 'options.epsilon'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: 0.1 })).toThrow(
      argumentError('InvalidArgumentError', 'options.seed'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: 0.1, seed: -2 })).toThrow(
      argumentError('InvalidArgumentError', 'options.seed'),
    );
    tf.dispose([x0, x1, short, wide, flat]);
  });
});
