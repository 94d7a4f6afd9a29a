import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';
import { sumTolerance } from './sum-tolerance.js';

interface ResizeSetting {
  /** How the setting reads in case names. */
  readonly what: string;
  /** x [n, h, w, c]. */
  readonly x: readonly [number, number, number, number];
  /** The output [height, width]. */
  readonly size: readonly [number, number];
  readonly alignCorners: boolean;
  readonly halfPixelCenters: boolean;
}

/**
 * Nearest-neighbour ×2 upsampling as gen's U-Net runs it (7 → 14, tfjs's defaults), and the other index maps tfjs
 * offers: a non-integer ratio, `halfPixelCenters` and `alignCorners`.
 */
const SETTINGS: readonly ResizeSetting[] = [
  { what: '×2, 7×7 → 14×14', x: [2, 7, 7, 3], size: [14, 14], alignCorners: false, halfPixelCenters: false },
  { what: '5×7 → 8×10', x: [2, 5, 7, 2], size: [8, 10], alignCorners: false, halfPixelCenters: false },
  { what: '5×7 → 8×10, halfPixelCenters', x: [1, 5, 7, 2], size: [8, 10], alignCorners: false, halfPixelCenters: true },
  { what: '5×7 → 9×11, alignCorners', x: [1, 5, 7, 2], size: [9, 11], alignCorners: true, halfPixelCenters: false },
];

function resize(setting: ResizeSetting, size: readonly [number, number] = setting.size) {
  return (x: tf.Tensor) =>
    tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [...size], setting.alignCorners, setting.halfPixelCenters);
}

/**
 * One-hot [out, in] of the rows (axis 1) or columns (axis 2) an output pixel is copied from, read off the forward
 * kernel by resizing an image of indices.
 */
function sourceMatrix(setting: ResizeSetting, axis: 1 | 2): tf.Tensor {
  const size = setting.x[axis];
  const shape: [number, number, number, number] = axis === 1 ? [1, size, 1, 1] : [1, 1, size, 1];
  const [oh, ow] = setting.size;
  const resized = resize(setting, axis === 1 ? [oh, 1] : [1, ow])(tf.reshape(tf.range(0, size), shape));
  return tf.oneHot(tf.cast(tf.reshape(resized, [-1]), 'int32'), size);
}

/**
 * The gradient of Σ w·resize(x) without `ResizeNearestNeighborGrad`: dx[n, r, c] = Σ R[y, r]·C[x, c]·w[n, y, x]
 * with the one-hot source matrices R and C of the forward map (tfjs 4.22's cpu `ResizeNearestNeighborGrad` adds
 * every image's gradient at the wrong offset when the batch holds more than one, so cpu's kernel is no reference).
 */
function gradientBySums(setting: ResizeSetting, weights: tf.Tensor): tf.Tensor {
  const byChannel = tf.transpose(weights, [0, 3, 1, 2]); // [n, c, oh, ow]
  const rows = tf.matMul(sourceMatrix(setting, 1), byChannel, true, false); // [n, c, h, ow]
  return tf.transpose(tf.matMul(rows, sourceMatrix(setting, 2)), [0, 2, 3, 1]); // [n, h, w, c]
}

/**
 * `ResizeNearestNeighbor` forwards (exact: a copy) and `ResizeNearestNeighborGrad` through `tf.grad` of
 * Σ w·resize(x) (each input pixel sums the weights of the output pixels copied from it), against those sums formed
 * with one-hot matrices on the reference backend; the gradient under `halfPixelCenters` is left out (see below).
 */
export const RESIZE_CASES: readonly KernelCase[] = SETTINGS.flatMap((setting): KernelCase[] => {
  // tfjs 4.22's cpu and wasm gradients disagree with their own forward map under halfPixelCenters (5 → 8 rows copies
  // rows 0,0,1,2,2,3,4,4, so the gradient of the sum is 2,1,2,1,2; both return 2,2,1,2,1). gen never resizes with
  // halfPixelCenters; the suite tests that setting forwards only.
  const [n, h, w, c] = setting.x;
  const [oh, ow] = setting.size;
  const shapes = `x [${setting.x.join(', ')}]`;
  const forward: KernelCase = {
    name: `ResizeNearestNeighbor: ${setting.what}, ${shapes}`,
    kernels: ['ResizeNearestNeighbor'],
    inputs: [uniformInput(setting.x)],
    run: resize(setting),
  };
  if (setting.halfPixelCenters) return [forward];
  return [
    forward,
    {
      name: `ResizeNearestNeighborGrad: tf.grad of Σ w·resize (${setting.what}), ${shapes}`,
      kernels: ['ResizeNearestNeighbor', 'ResizeNearestNeighborGrad'],
      inputs: [uniformInput(setting.x), uniformInput([n, oh, ow, c])],
      run: (x, weights) =>
        tf.grad((z: tf.Tensor) => tf.sum(tf.mul(resize(setting)(z), weights as tf.Tensor)))(x as tf.Tensor),
      reference: (_x, weights) => gradientBySums(setting, weights as tf.Tensor),
      // Each input pixel sums at most ⌈oh/h⌉·⌈ow/w⌉ weights, in an order that differs between backends.
      tolerance: sumTolerance(Math.ceil(oh / h) * Math.ceil(ow / w)),
    },
  ];
});
