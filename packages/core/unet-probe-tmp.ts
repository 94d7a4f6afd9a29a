import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from './src/index.js';
await initBackend('cpu');
const P: tf.backend_util.ExplicitPadding = [[0, 0], [1, 1], [1, 1], [0, 0]];
const gn = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => { const [n, h, w, c] = x.shape; const r = tf.reshape(x, [n, h, w, 2, c / 2]); const { mean, variance } = tf.moments(r, [1, 2, 4], true); return tf.add(tf.mul(tf.reshape(tf.mul(tf.sub(r, mean), tf.rsqrt(tf.add(variance, 1e-5))), [n, h, w, c]), g), b); };
const silu = (x: tf.Tensor) => tf.mul(x, tf.sigmoid(x));
function model(vs: Record<string, tf.Variable>, x: tf.Tensor, t: tf.Tensor, labels: tf.Tensor) {
  const half = 4; const freqs = tf.exp(tf.mul(tf.range(0, half), -Math.log(10000) / half));
  const args = tf.mul(tf.reshape(tf.mul(t, 1000), [-1, 1]), freqs);
  let emb = tf.concat([tf.cos(args), tf.sin(args)], 1);
  emb = tf.add(tf.matMul(silu(tf.add(tf.matMul(emb, vs.t1), vs.tb1)), vs.t2), tf.gather(vs.cls, labels));
  const h0 = tf.add(tf.conv2d(x as tf.Tensor4D, vs.c0 as tf.Tensor4D, 1, P), vs.b0);
  let h = tf.conv2d(silu(gn(h0, vs.g, vs.be)) as tf.Tensor4D, vs.c1 as tf.Tensor4D, 1, P);
  h = tf.add(h, tf.reshape(tf.matMul(silu(emb), vs.e), [-1, 1, 1, 8]));
  h = tf.add(h, tf.conv2d(h0 as tf.Tensor4D, vs.s as tf.Tensor4D, 1, 'valid'));
  tf.dropout(h, 0.1);
  const d = tf.conv2d(h as tf.Tensor4D, vs.d as tf.Tensor4D, 2, P); // 7 → 4
  // attention
  const [n, hh, ww, c] = d.shape; const flat = tf.reshape(d, [n, hh * ww, c]);
  const qkv = tf.reshape(tf.matMul(tf.reshape(flat, [-1, c]), vs.qkv), [n, hh * ww, 3 * c]); const [q, k, v] = tf.split(qkv, 3, 2);
  const att = tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(c))), v);
  const a = tf.add(d, tf.reshape(tf.matMul(tf.reshape(att, [-1, c]), vs.proj), d.shape));
  const up = tf.conv2d(tf.image.resizeNearestNeighbor(a as tf.Tensor4D, [8, 8]), vs.u as tf.Tensor4D, 1, P);
  const crop = tf.slice(up, [0, 0, 0, 0], [-1, 7, 7, -1]);
  const cat = tf.concat([crop, h], 3);
  return tf.conv2d(cat as tf.Tensor4D, vs.o as tf.Tensor4D, 1, P);
}
const r = (s: number[], seed: number) => tf.variable(tf.randomUniform(s, -0.3, 0.3, 'float32', seed));
const vs = { t1: r([8, 16], 1), tb1: r([16], 2), t2: r([16, 16], 3), cls: r([4, 16], 4), c0: r([3, 3, 1, 8], 5), b0: r([8], 6), g: r([8], 7), be: r([8], 8), c1: r([3, 3, 8, 8], 9), e: r([16, 8], 10), s: r([1, 1, 8, 8], 11), d: r([3, 3, 8, 8], 12), qkv: r([8, 24], 13), proj: r([8, 8], 14), u: r([3, 3, 8, 8], 15), o: r([3, 3, 16, 1], 16) };
const x = tf.randomUniform([2, 7, 7, 1]), t = tf.tensor1d([0.2, 0.7]), labels = tf.tensor1d([1, 3], 'int32');
const opt = tf.train.adam(1e-3);
const prof = await tf.profile(() => { opt.minimize(() => tf.mean(tf.square(tf.sub(model(vs, x, t, labels), x))) as tf.Scalar, false, Object.values(vs)); return []; });
const names = [...new Set(prof.kernelNames)].sort();
console.log(names.join(' '));
for (const b of ['wasm', 'webgl']) console.log(b, 'missing:', names.filter((k) => tf.getKernel(k, b) === undefined).join(' ') || 'none');
await tf.setBackend('wasm');
const loss = opt.minimize(() => tf.mean(tf.square(tf.sub(model(vs, x, t, labels), x))) as tf.Scalar, true, Object.values(vs));
console.log('wasm step ok, loss', loss?.dataSync()[0]);
