import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { centralDifferenceGradient, expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { odeintAdjoint, odeintSync } from '../src/index.js';
import { tanhField } from './fixtures/tanh-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const TS = [0, 0.5, 1.5];
const TOL = { rtol: 1e-6, atol: 1e-6 };

/** L = Σ ys[1:]², so dL/dys = 2·ys with the first row zeroed. */
function lossGradient(ys: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.concat([tf.zerosLike(ys.slice(0, 1)), tf.mul(2, ys.slice(1))]));
}

describe('odeintAdjoint', () => {
  it('matches central finite differences and the discretise-then-optimise gradient of odeintSync', async () => {
    const { w, b, f, y0, dispose } = tanhField();
    const solution = await odeintAdjoint(f, y0, TS, [w, b], TOL);
    const dLdys = lossGradient(solution.ys);
    const { dy0, dParams, stats } = await expectNoLeaks(() => solution.backward(dLdys));
    expect(stats.nfe).toBeGreaterThan(0);
    const adjoint = [...((await dParams[0]?.data()) ?? []), ...((await dParams[1]?.data()) ?? [])];

    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.square(odeintSync(f, y0, TS, TOL).ys.slice(1))) as tf.Scalar);
    const { value, grads } = tf.variableGrads(loss, [w, b]);
    const direct = [...(await (grads[w.name] as tf.Tensor).data()), ...(await (grads[b.name] as tf.Tensor).data())];
    expectClose(adjoint, direct, { atol: 1e-3, rtol: 1e-3 }, 'adjoint vs backprop dL/dθ');

    const numeric = centralDifferenceGradient(() => tf.tidy(() => loss().dataSync()[0] as number), [w, b]);
    expectClose(adjoint, numeric, { atol: 2e-3, rtol: 2e-3 }, 'adjoint vs finite differences dL/dθ');

    // dL/dy0 against finite differences in y0.
    const eps = 1e-2;
    const y0Values = await y0.data();
    const numericY0 = Array.from(y0Values, (_, i) => {
      const at = (delta: number): number => {
        const shifted = Float32Array.from(y0Values);
        shifted[i] = (shifted[i] as number) + delta;
        const start = tf.tensor(shifted, y0.shape);
        const result = tf.tidy(
          () => tf.sum(tf.square(odeintSync(f, start, TS, TOL).ys.slice(1))).dataSync()[0] as number,
        );
        start.dispose();
        return result;
      };
      return (at(eps) - at(-eps)) / (2 * eps);
    });
    expectClose(await dy0.data(), numericY0, { atol: 2e-3, rtol: 2e-3 }, 'dL/dy0');
    tf.dispose([solution.ys, dLdys, dy0, ...dParams, value, ...Object.values(grads)]);
    dispose();
  });

  it('the seminorm gives the same gradients with no more steps', async () => {
    const { w, b, f, y0, dispose } = tanhField();
    const full = await odeintAdjoint(f, y0, TS, [w, b], { rtol: 1e-5, atol: 1e-5 });
    const semi = await odeintAdjoint(f, y0, TS, [w, b], { rtol: 1e-5, atol: 1e-5, adjointSeminorm: true });
    const dLdys = lossGradient(full.ys);
    const g1 = await full.backward(dLdys);
    const g2 = await semi.backward(dLdys);
    expect(g2.stats.steps).toBeLessThanOrEqual(g1.stats.steps);
    for (let k = 0; k < 2; k += 1) {
      expectClose(
        (await g2.dParams[k]?.data()) ?? [],
        (await g1.dParams[k]?.data()) ?? [],
        { atol: 1e-3, rtol: 1e-3 },
        'dθ',
      );
    }
    tf.dispose([full.ys, semi.ys, dLdys, g1.dy0, g2.dy0, ...g1.dParams, ...g2.dParams]);
    dispose();
  });

  it('rejects bad params and a dLdys of the wrong shape, without leaks', async () => {
    const { w, b, f, y0, dispose } = tanhField();
    await expect(odeintAdjoint(f, y0, TS, [y0 as tf.Variable])).rejects.toThrow(InvalidArgumentError);
    const solution = await expectNoLeaks(() => odeintAdjoint(f, y0, TS, [w, b]));
    const wrong = tf.zeros([2, 2]);
    await expect(solution.backward(wrong)).rejects.toThrow(ShapeError);
    tf.dispose([solution.ys, wrong]);
    dispose();
  });
});
