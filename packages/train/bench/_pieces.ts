import '@tensorflow/tfjs-backend-wasm';
import { initBackend, randomNormal, randomUniform } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { mlpVectorField } from '../src/models/index.js';
import { Adam } from '../src/optim/adam.js';
await initBackend('wasm');
const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', seed: 0 });
const variables = [...model.variables];
const adam = new Adam(variables);
const B = 256;
const xt = randomNormal([B, 2], 1), target = randomNormal([B, 2], 2), t = randomUniform([B], 3);
const time = (name: string, fn: () => void) => {
  for (let i = 0; i < 20; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < 200; i++) { const s = performance.now(); fn(); ts.push(performance.now() - s); }
  ts.sort((a, b) => a - b);
  console.log(name.padEnd(40), 'best', ts[0].toFixed(3), 'median', ts[100].toFixed(3));
};
time('forward (dataSync)', () => tf.tidy(() => { model.forwardTimes(t, xt).dataSync(); }));
time('loss only', () => tf.tidy(() => { (tf.mean(tf.square(tf.sub(model.forwardTimes(t, xt), target)))).dataSync(); }));
let grads: Record<string, tf.Tensor> = {};
time('variableGrads', () => { tf.tidy(() => { const r = tf.variableGrads(() => tf.mean(tf.square(tf.sub(model.forwardTimes(t, xt), target))) as tf.Scalar, variables); r.value.dataSync(); }); });
const r = tf.variableGrads(() => tf.mean(tf.square(tf.sub(model.forwardTimes(t, xt), target))) as tf.Scalar, variables);
grads = r.grads;
time('adam.apply', () => { tf.tidy(() => adam.apply(variables.map((v) => grads[v.name] as tf.Tensor), 1e-3)); });
time('full step', () => { tf.tidy(() => { const q = tf.variableGrads(() => tf.mean(tf.square(tf.sub(model.forwardTimes(t, xt), target))) as tf.Scalar, variables); q.value.dataSync(); adam.apply(variables.map((v) => q.grads[v.name] as tf.Tensor), 1e-3); }); });
