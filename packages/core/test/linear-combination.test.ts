import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../src/errors/index.js';
import { initBackend } from '../src/index.js';
import { GEN_LINEAR_COMBINATION, genLinearCombinationGradConfig } from '../src/internal.js';
import { linearCombination } from '../src/kernels/index.js';
import { expectClose, expectNoLeaks } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('linearCombination', () => {
  const base = [1, 2, 3, 4];
  const k1 = [0.5, -1, 2, 0];
  const k2 = [3, 3, -3, 1];
  const expected = base.map((b, i) => b + 0.25 * (k1[i] as number) - 1.5 * (k2[i] as number));

  it('computes base + Σ cᵢ·termᵢ with the composite fallback', async () => {
    const [b, t1, t2] = [tf.tensor2d(base, [2, 2]), tf.tensor2d(k1, [2, 2]), tf.tensor2d(k2, [2, 2])];
    const y = await expectNoLeaks(() => linearCombination(b, [t1, t2], [0.25, -1.5]));
    expectClose(await y.data(), expected, { atol: 1e-6 }, 'y');
    const zero = await expectNoLeaks(() => linearCombination(b, [t1], [0]));
    expectClose(await zero.data(), base, { atol: 0 }, 'y');
    expect(zero).not.toBe(b);
    tf.dispose([b, t1, t2, y, zero]);
  });

  it('is differentiable: d/dk Σ(base + c·k) = c', async () => {
    const [b, k] = [tf.tensor1d(base), tf.tensor1d(k1)];
    const g = tf.grad((kk: tf.Tensor) => linearCombination(b, [kk], [0.75]).sum())(k);
    expectClose(await g.data(), [0.75, 0.75, 0.75, 0.75], { atol: 1e-7 }, 'gradient');
    tf.dispose([b, k, g]);
  });

  it('runs a fused kernel when the backend registers one, with identical results', async () => {
    let calls = 0;
    tf.registerKernel({
      kernelName: GEN_LINEAR_COMBINATION,
      backendName: 'cpu',
      kernelFunc: ({ inputs, attrs, backend }) => {
        calls += 1;
        const cpu = backend as unknown as {
          readSync(id: unknown): Float32Array;
          makeTensorInfo: (s: number[], d: string, v: Float32Array) => tf.TensorInfo;
        };
        const coefficients = (attrs as unknown as { coefficients: number[] }).coefficients;
        const baseInfo = inputs.base as tf.TensorInfo;
        const out = Float32Array.from(cpu.readSync(baseInfo.dataId));
        coefficients.forEach((c, i) => {
          const term = cpu.readSync((inputs[`term${i}`] as tf.TensorInfo).dataId);
          for (let j = 0; j < out.length; j += 1) out[j] = (out[j] as number) + c * (term[j] as number);
        });
        return cpu.makeTensorInfo(baseInfo.shape, 'float32', out);
      },
    });
    try {
      const [b, t1, t2] = [tf.tensor1d(base), tf.tensor1d(k1), tf.tensor1d(k2)];
      const y = await expectNoLeaks(() => linearCombination(b, [t1, t2], [0.25, -1.5]));
      expect(calls).toBe(1);
      expectClose(await y.data(), expected, { atol: 1e-6 }, 'fused');
      // Through the fused kernel, gradients come from genLinearCombinationGradConfig: d/dbase = 1, d/dtermᵢ = cᵢ.
      if (tf.getGradient(GEN_LINEAR_COMBINATION) === undefined) tf.registerGradient(genLinearCombinationGradConfig);
      const grads = tf.grads((bb, x1, x2) => tf.sum(linearCombination(bb, [x1, x2], [0.25, -1.5])));
      const [gb, g1, g2] = grads([b, t1, t2]) as [tf.Tensor, tf.Tensor, tf.Tensor];
      expect(calls).toBe(2);
      expectClose(await gb.data(), [1, 1, 1, 1], { atol: 0 }, 'd/dbase');
      expectClose(await g1.data(), [0.25, 0.25, 0.25, 0.25], { atol: 0 }, 'd/dterm0');
      expectClose(await g2.data(), [-1.5, -1.5, -1.5, -1.5], { atol: 0 }, 'd/dterm1');
      tf.dispose([b, t1, t2, y, gb, g1, g2]);
    } finally {
      tf.unregisterKernel(GEN_LINEAR_COMBINATION, 'cpu');
    }
  });

  it('rejects mismatched lengths, shapes and non-finite coefficients', () => {
    const [b, t] = [tf.zeros([2, 2]), tf.zeros([2, 3])];
    expect(() => linearCombination(b, [b], [1, 2])).toThrow(InvalidArgumentError);
    expect(() => linearCombination(b, [t], [1])).toThrow(ShapeError);
    expect(() => linearCombination(b, [t], [1])).toThrow(/"terms\[0\]": expected shape \[2, 2\]/);
    expect(() => linearCombination(b, [b], [Number.NaN])).toThrow(/"coefficients\[0\]"/);
    tf.dispose([b, t]);
  });
});
