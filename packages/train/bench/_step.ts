import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '@gen/core';
import { mlpVectorField } from '../src/models/index.js';
import { Adam } from '../src/optim/adam.js';
import { fixedCfmStep } from './cfm-step.js';
await initBackend('wasm');
const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', seed: 0 });
const adam = new Adam([...model.variables]);
const batch = Number(process.env.BATCH ?? 256);
const step = fixedCfmStep(model, adam, batch);
const n = Number(process.env.N ?? 200);
for (let i = 0; i < 10; i++) step();
const times: number[] = [];
for (let i = 0; i < n; i++) { const s = performance.now(); step(); times.push(performance.now() - s); }
times.sort((a, b) => a - b);
console.log(`step ${batch} best`, times[0].toFixed(2), 'median', times[n >> 1].toFixed(2));
