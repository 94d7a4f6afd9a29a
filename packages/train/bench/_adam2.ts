import '@tensorflow/tfjs-backend-wasm';
import { initBackend, randomUniform } from '@gen/core';
import { fusedAdamUpdate } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
await initBackend('wasm');
const shapes = [[3, 256], [256], [256, 256], [256], [256, 256], [256], [256, 2], [2]];
const mk = (s: number) => shapes.map((sh, i) => randomUniform(sh, s + i));
const [p, g, m, v] = [mk(1), mk(20), mk(40), mk(60)];
const c = { beta1: 0.9, oneMinusBeta1: 0.1, beta2: 0.999, oneMinusBeta2: 0.001, correction1: 0.1, correction2: 0.001, epsilon: 1e-7, learningRate: 1e-3 };
const times: number[] = [];
for (let i = 0; i < 300; i++) { const s = performance.now(); const o = fusedAdamUpdate(p, g, m, v, c); tf.dispose([...o.params, ...o.m, ...o.v]); times.push(performance.now() - s); }
times.sort((a, b) => a - b);
console.log('fusedAdamUpdate best', times[0].toFixed(3), 'median', times[150].toFixed(3));
const t2: number[] = [];
const big = randomUniform([198402], 5);
for (let i = 0; i < 300; i++) { const s = performance.now(); for (let k = 0; k < 7; k++) { const o = tf.clone(big); o.dispose(); } t2.push(performance.now() - s); }
t2.sort((a, b) => a - b);
console.log('7 clones of 0.8 MB best', t2[0].toFixed(3), 'median', t2[150].toFixed(3));
