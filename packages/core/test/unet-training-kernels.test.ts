import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { expectClose } from '../src/testing/index.js';

const PAD_1: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

const silu = (x: tf.Tensor) => tf.mul(x, tf.sigmoid(x));

function groupNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const grouped = tf.reshape(x, [n, h, w, 2, c / 2]);
  const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
  const normalised = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(tf.reshape(normalised, [n, h, w, c]), gamma), beta);
}

/** The miniature's weights and their shapes. */
const SHAPES = {
  t1: [8, 16],
  tb: [16],
  t2: [16, 16],
  classes: [4, 16],
  input: [3, 3, 1, 8],
  inputBias: [8],
  gamma: [8],
  beta: [8],
  conv1: [3, 3, 8, 8],
  emb: [16, 8],
  skip: [1, 1, 8, 8],
  down: [3, 3, 8, 8],
  qkv: [8, 24],
  proj: [8, 8],
  up: [3, 3, 8, 8],
  out: [3, 3, 16, 1],
} as const;

type Weights = Record<keyof typeof SHAPES, tf.Tensor>;

/** Every op of gen's U-Net once, on [2, 7, 7, 1] images: a miniature with the same kernels forwards and backwards. */
function miniUnet(v: Weights, x: tf.Tensor, t: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  const freqs = tf.exp(tf.mul(tf.range(0, 4), -Math.log(10000) / 4));
  const angles = tf.mul(tf.reshape(tf.mul(t, 1000), [-1, 1]), freqs);
  const time = tf.matMul(silu(tf.add(tf.matMul(tf.concat([tf.cos(angles), tf.sin(angles)], 1), v.t1), v.tb)), v.t2);
  const emb = tf.add(time, tf.gather(v.classes, labels));
  const h0 = tf.add(tf.conv2d(x as tf.Tensor4D, v.input as tf.Tensor4D, 1, PAD_1), v.inputBias);
  let h = tf.conv2d(silu(groupNorm(h0, v.gamma, v.beta)) as tf.Tensor4D, v.conv1 as tf.Tensor4D, 1, PAD_1);
  h = tf.add(h, tf.reshape(tf.matMul(silu(emb), v.emb), [-1, 1, 1, 8]));
  h = tf.add(h, tf.conv2d(h0 as tf.Tensor4D, v.skip as tf.Tensor4D, 1, 'valid'));
  const down = tf.conv2d(h as tf.Tensor4D, v.down as tf.Tensor4D, 2, PAD_1); // 7 → 4
  const [n, height, width, c] = down.shape as [number, number, number, number];
  const [q, k, values] = tf.split(
    tf.reshape(tf.matMul(tf.reshape(down, [-1, c]), v.qkv), [n, height * width, 3 * c]),
    3,
    2,
  ) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const attended = tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(c))), values);
  const a = tf.add(down, tf.reshape(tf.matMul(tf.reshape(attended, [-1, c]), v.proj), down.shape));
  const up = tf.conv2d(tf.image.resizeNearestNeighbor(a as tf.Tensor4D, [8, 8]), v.up as tf.Tensor4D, 1, PAD_1);
  const cropped = tf.slice(up, [0, 0, 0, 0], [-1, 7, 7, -1]);
  return tf.conv2d(tf.concat([cropped, h], 3) as tf.Tensor4D, v.out as tf.Tensor4D, 1, PAD_1);
}

/** One SGD step of the miniature on `backend` from seeded weights: the loss, the kernels run, the new weights. */
async function sgdStep(backend: string): Promise<{ loss: number; kernels: string[]; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  const names = Object.keys(SHAPES) as (keyof typeof SHAPES)[];
  const variables = names.map((name, i) =>
    tf.variable(tf.randomUniform([...SHAPES[name]], -0.3, 0.3, 'float32', i + 1)),
  );
  const v = Object.fromEntries(names.map((name, i) => [name, variables[i]])) as unknown as Weights;
  const x = tf.randomUniform([2, 7, 7, 1], -1, 1, 'float32', 100);
  const t = tf.tensor1d([0.2, 0.7]);
  const labels = tf.tensor1d([1, 3], 'int32');
  const optimizer = tf.train.sgd(0.1);
  let loss = Number.NaN;
  const profile = await tf.profile(() => {
    const value = optimizer.minimize(() => tf.mean(tf.square(tf.sub(miniUnet(v, x, t, labels), x))), true, variables);
    loss = value?.dataSync()[0] as number;
    value?.dispose();
    return [];
  });
  const weights = variables.map((w) => w.dataSync() as Float32Array);
  tf.dispose([...variables, x, t, labels]);
  optimizer.dispose();
  return { loss, kernels: [...new Set(profile.kernelNames)].sort(), weights };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe("a training step through every op of gen's U-Net", () => {
  it('runs on wasm (with gen’s Conv2DBackpropFilter and UnsortedSegmentSum) and matches cpu', async () => {
    const cpu = await sgdStep('cpu');
    const wasm = await sgdStep('wasm');
    expect(wasm.kernels).toContain('Conv2DBackpropFilter');
    expect(wasm.kernels).toContain('UnsortedSegmentSum');
    expect(wasm.kernels).toEqual(cpu.kernels);
    expect(Number.isFinite(cpu.loss)).toBe(true);
    expectClose(wasm.loss, cpu.loss, { rtol: 1e-5 }, 'loss');
    // w − 0.1·∇L: the weights differ by 0.1 times the gradients' difference (sums of a few hundred terms). Before
    // gen replaced tfjs's cpu ResizeNearestNeighborGrad, cpu's gradients were wrong here (γ's by 0.76).
    expectClose(
      wasm.weights.flatMap((w) => Array.from(w)),
      cpu.weights.flatMap((w) => Array.from(w)),
      { atol: 1e-6, rtol: 1e-5 },
      'weights',
    );
    await tf.setBackend('cpu');
  });

  it('runs only kernels that wasm and webgl register', async () => {
    const { kernels } = await sgdStep('cpu');
    for (const backend of ['wasm', 'webgl']) {
      expect([backend, kernels.filter((k) => tf.getKernel(k, backend) === undefined)]).toEqual([backend, []]);
    }
  });
});
