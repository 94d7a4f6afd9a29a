import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { mlpVectorField } from '../src/models/index.js';
import { Adam } from '../src/optim/adam.js';
import { fixedCfmStep } from './cfm-step.js';
await initBackend('wasm');
const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', seed: 0 });
const adam = new Adam([...model.variables]);
const step = fixedCfmStep(model, adam, 256);
for (let i = 0; i < 30; i++) step();
const agg: Record<string, number> = {};
let total = 0;
const N = 50;
for (let r = 0; r < N; r++) {
  const s = performance.now();
  const info = await tf.profile(() => { step(); });
  total += performance.now() - s;
  for (const k of info.kernels) agg[k.name] = (agg[k.name] ?? 0) + (k.kernelTimeMs as number) / N;
}
const times: number[] = [];
for (let i = 0; i < 100; i++) { const s = performance.now(); step(); times.push(performance.now() - s); }
times.sort((a, b) => a - b);
console.log('step best', times[0].toFixed(3), 'median', times[50].toFixed(3));
const entries = Object.entries(agg).sort((a, b) => b[1] - a[1]);
let sum = 0; for (const [, v] of entries) sum += v;
console.log('kernel sum', sum.toFixed(3), 'count', entries.length);
for (const [k, v] of entries.slice(0, 25)) console.log(k.padEnd(28), v.toFixed(3));
