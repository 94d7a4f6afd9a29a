import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, randomUniform } from '../src/index.js';
import {
  type FusedActivation,
  type FusedMlp,
  fusedMlpAvailable,
  fusedMlpDivergence,
  fusedMlpForward,
} from '../src/internal.js';
import { autodiffAndDifferences, expectClose, expectNoLeaks } from '../src/testing/index.js';

/** The composite the fused kernels replace: h₀ = [x, e(t)], dense layers, σ between them. */
function composite(mlp: FusedMlp, t: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const column = tf.reshape(t, [-1, 1]);
    let features = column;
    if (mlp.frequencies !== undefined) {
      const angles = tf.mul(column, tf.reshape(tf.mul(mlp.frequencies, 2 * Math.PI), [1, -1]));
      features = tf.concat([tf.sin(angles), tf.cos(angles)], 1);
    }
    let h = tf.concat([x, features], 1);
    for (const [l, { kernel, bias }] of mlp.layers.entries()) {
      h = tf.add(tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D), bias);
      if (l + 1 < mlp.layers.length) {
        if (mlp.activation === 'tanh') h = tf.tanh(h);
        else if (mlp.activation === 'elu') h = tf.elu(h);
        else h = tf.mul(h, tf.sigmoid(h));
      }
    }
    return h;
  });
}

/** A network with the given widths, weights uniform in ±scale/√fan_in from a seed. */
function network(widths: number[], activation: FusedActivation, seed: number, fourier = 0): FusedMlp {
  const layers = [];
  for (let l = 0; l + 1 < widths.length; l += 1) {
    const [fanIn, fanOut] = [widths[l] as number, widths[l + 1] as number];
    const bound = 1.5 / Math.sqrt(fanIn);
    layers.push({
      kernel: tf.variable(randomUniform([fanIn, fanOut], seed + 2 * l, -bound, bound)),
      bias: tf.variable(randomUniform([fanOut], seed + 2 * l + 1, -0.5, 0.5)),
    });
  }
  // Frequencies below 1/2 keep the central differences in t accurate (their error grows as (2πf)³·ε²).
  const frequencies = fourier > 0 ? tf.variable(randomUniform([fourier], seed + 99, -0.5, 0.5)) : undefined;
  return { layers, activation, frequencies };
}

function disposeNetwork(mlp: FusedMlp): void {
  tf.dispose(mlp.layers.flatMap(({ kernel, bias }) => [kernel, bias]));
  mlp.frequencies?.dispose();
}

const CASES: [string, number[], FusedActivation, number][] = [
  ['3 SiLU layers (24, 16, 16), concat time', [3, 24, 16, 16, 2], 'silu', 0],
  ['tanh, odd widths 13 and 6, Fourier time (K = 3)', [9, 13, 6, 3], 'tanh', 3],
  ['ELU, one hidden layer of 20', [4, 20, 3], 'elu', 0],
  ['no hidden layer (affine)', [3, 2], 'silu', 0],
];

for (const backend of ['wasm', 'cpu']) {
  describe(`fused MLP kernels on ${backend}`, () => {
    beforeAll(async () => {
      await initBackend(backend);
    });
    afterAll(async () => {
      await initBackend('wasm');
    });

    it('are registered, and stand aside under nested gradient tapes (their backward is not differentiable)', () => {
      expect(fusedMlpAvailable()).toBe(true);
      const seen: boolean[] = [];
      const x = tf.scalar(2);
      const outer = tf.grad((a: tf.Tensor) => {
        seen.push(fusedMlpAvailable()); // one tape: the fused backward serves it
        return tf.grad((b: tf.Tensor) => {
          seen.push(fusedMlpAvailable()); // two tapes: a gradient of a gradient
          return tf.mul(tf.square(b), a);
        })(a);
      })(x);
      expect(seen).toEqual([true, false]);
      tf.dispose([x, outer]);
    });

    it('propagate a NaN (so that a solver can report it) and saturate huge inputs as the composite does', () => {
      for (const activation of ['silu', 'tanh', 'elu'] as const) {
        const mlp = network([3, 8, 8, 2], activation, 41);
        const x = tf.tensor2d([Number.NaN, 0, 1e30, -1e30, -1e30, 1e30, 0.5, 0.5], [4, 2]);
        const t = tf.tensor1d([0.5, 0.5, 0.5, 0.5]);
        const fused = fusedMlpForward(mlp, t, x, false);
        const reference = composite(mlp, t, x);
        const [got, want] = [Array.from(fused.dataSync()), Array.from(reference.dataSync())];
        expect(got.slice(0, 2).every(Number.isNaN)).toBe(true);
        expect(got.slice(2).map(Number.isNaN)).toEqual(want.slice(2).map(Number.isNaN));
        expectClose(got.slice(6), want.slice(6), { atol: 2e-6, rtol: 2e-6 }, `finite row (${activation})`);
        tf.dispose([fused, reference, x, t]);
        disposeNetwork(mlp);
      }
    });

    it('keep the tape in their memory: two passes under one gradient (the first tape replaced) give the composite gradients', async () => {
      const mlp = network([3, 24, 16, 2], 'silu', 51);
      const weights = mlp.layers.flatMap(({ kernel, bias }) => [kernel, bias]) as tf.Variable[];
      const [xa, xb] = [randomUniform([37, 2], 52, -1, 1), randomUniform([19, 2], 53, -1, 1)];
      const [ta, tb] = [randomUniform([37], 54), randomUniform([19], 55)];
      // The second pass replaces the first pass's tape: the first pass's gradient must run its forward pass again.
      const loss = (field: (t: tf.Tensor, x: tf.Tensor) => tf.Tensor) => () =>
        tf.add(tf.sum(tf.square(field(ta, xa))), tf.sum(tf.mul(field(tb, xb), 3))) as tf.Scalar;
      const fused = await expectNoLeaks(() => tf.grads(loss((t, x) => fusedMlpForward(mlp, t, x, true)))(weights));
      const reference = tf.grads(loss((t, x) => composite(mlp, t, x)))(weights);
      const flat = (grads: tf.Tensor[]) => grads.flatMap((g) => Array.from(g.dataSync()));
      expect(flat(fused).some((g) => g !== 0)).toBe(true);
      expectClose(flat(fused), flat(reference), { atol: 2e-5, rtol: 2e-5 }, 'gradients');
      tf.dispose([...fused, ...reference, xa, xb, ta, tb]);
      disposeNetwork(mlp);
    });

    for (const [name, widths, activation, fourier] of CASES) {
      const dim = widths[widths.length - 1] as number;
      it(`forward equals the composite to float32 rounding: ${name}`, async () => {
        const mlp = network(widths, activation, 11, fourier);
        const x = randomUniform([37, dim], 5, -2, 2);
        const t = randomUniform([37], 6);
        for (const keepTape of [false, true]) {
          const fused = await expectNoLeaks(() => fusedMlpForward(mlp, t, x, keepTape));
          const reference = composite(mlp, t, x);
          expect(fused.shape).toEqual([37, dim]);
          expectClose(fused.dataSync(), reference.dataSync(), { atol: 2e-6, rtol: 2e-6 }, 'u');
          tf.dispose([fused, reference]);
        }
        tf.dispose([x, t]);
        disposeNetwork(mlp);
      });

      it(`gradients equal the composite's and central differences: ${name}`, async () => {
        const mlp = network(widths, activation, 21, fourier);
        const xv = tf.variable(randomUniform([37, dim], 7, -1, 1));
        const tv = tf.variable(randomUniform([37], 8));
        const weights = mlp.layers.flatMap(({ kernel, bias }) => [kernel, bias]) as tf.Variable[];
        const variables = [
          tv,
          xv,
          ...(mlp.frequencies === undefined ? [] : [mlp.frequencies as tf.Variable]),
          ...weights,
        ];
        const target = randomUniform([37, dim], 9, -1, 1);
        const lossOf = (u: tf.Tensor) => tf.sum(tf.mul(tf.square(tf.sub(u, target)), 0.5)) as tf.Scalar;
        for (const keepTape of [false, true]) {
          const { autodiff, numeric } = await autodiffAndDifferences(
            () => lossOf(fusedMlpForward(mlp, tv, xv, keepTape)),
            variables,
          );
          expectClose(autodiff, numeric, { atol: 2e-2, rtol: 2e-2 }, 'gradient vs central differences');
          const viaComposite = tf.grads(() => lossOf(composite(mlp, tv, xv)))(variables);
          const expected = viaComposite.flatMap((g) => Array.from(g.dataSync()));
          tf.dispose(viaComposite);
          expectClose(autodiff, expected, { atol: 2e-5, rtol: 2e-5 }, 'gradient vs composite autodiff');
        }
        tf.dispose([xv, tv, target]);
        disposeNetwork(mlp);
      });

      it(`divergence equals the trace of the composite's Jacobian: ${name}`, async () => {
        const mlp = network(widths, activation, 31, fourier);
        const x = randomUniform([11, dim], 12, -1.5, 1.5);
        const t = randomUniform([11], 13);
        const div = await expectNoLeaks(() => fusedMlpDivergence(mlp, t, x));
        // Trace of ∂u/∂x by D vector–Jacobian products of the composite.
        const expected = tf.tidy(() => {
          let trace = tf.zeros([11]);
          for (let i = 0; i < dim; i += 1) {
            const g = tf.grad((z: tf.Tensor) => tf.sum(tf.slice(composite(mlp, t, z), [0, i], [11, 1])))(x);
            trace = tf.add(trace, tf.reshape(tf.slice(g, [0, i], [11, 1]), [11]));
          }
          return trace;
        });
        expectClose(div.dataSync(), expected.dataSync(), { atol: 1e-5, rtol: 1e-5 }, '∇·u');
        tf.dispose([div, expected, x, t]);
        disposeNetwork(mlp);
      });
    }
  });
}
