import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, randomNormal } from '../src/index.js';
import { fusedAdamAvailable, fusedAdamUpdate } from '../src/internal.js';
import { expectNoLeaks } from '../src/testing/index.js';

afterAll(async () => {
  await initBackend('wasm');
});

for (const backend of ['wasm', 'cpu']) {
  describe(`the fused Adam kernel on ${backend}`, () => {
    it("equals tf.train.adam bit for bit after 6 steps, given tfjs's float32 bias corrections", async () => {
      await initBackend(backend);
      expect(fusedAdamAvailable()).toBe(true);
      const [beta1, beta2, epsilon, learningRate] = [0.9, 0.999, 1e-7, 0.003];
      const shapes = [[6, 5], [5], [7]];
      const ours = shapes.map((shape, i) => tf.variable(randomNormal(shape, i)));
      const theirs = ours.map((w) => tf.variable(w.clone()));
      let m = shapes.map((shape) => tf.zeros(shape));
      let v = shapes.map((shape) => tf.zeros(shape));
      const reference = tf.train.adam(learningRate, beta1, beta2, epsilon);
      // tfjs keeps β₁ᵏ and β₂ᵏ as float32 products and forms 1 − β^k in float32.
      let [power1, power2] = [Math.fround(beta1), Math.fround(beta2)];
      for (let k = 0; k < 6; k += 1) {
        const grads = shapes.map((shape, i) => randomNormal(shape, 10 * k + i + 50, 0, 1 + k));
        reference.applyGradients(theirs.map((w, i) => ({ name: w.name, tensor: grads[i] as tf.Tensor })));
        const constants = {
          beta1,
          oneMinusBeta1: 1 - beta1,
          beta2,
          oneMinusBeta2: 1 - beta2,
          correction1: Math.fround(1 - power1),
          correction2: Math.fround(1 - power2),
          epsilon,
          learningRate,
        };
        const next = await expectNoLeaks(() => fusedAdamUpdate(ours, grads, m, v, constants));
        ours.forEach((w, i) => {
          w.assign(next.params[i] as tf.Tensor);
        });
        tf.dispose([...next.params, ...m, ...v, ...grads]);
        [m, v] = [next.m, next.v];
        [power1, power2] = [Math.fround(power1 * Math.fround(beta1)), Math.fround(power2 * Math.fround(beta2))];
      }
      const weights = await reference.getWeights(); // [iterations, m₀, …, v₀, …]
      const count = shapes.length;
      for (let i = 0; i < count; i += 1) {
        expect(ours[i]?.dataSync()).toEqual(theirs[i]?.dataSync());
        expect(m[i]?.dataSync()).toEqual(weights[1 + i]?.tensor.dataSync());
        expect(v[i]?.dataSync()).toEqual(weights[1 + count + i]?.tensor.dataSync());
      }
      tf.dispose([...ours, ...theirs, ...m, ...v, ...weights.map((w) => w.tensor)]);
      reference.dispose();
    });
  });
}
