import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';
import { sumTolerance } from './sum-tolerance.js';

/** PyTorch's `padding=1` for a 3×3 conv, as gen's U-Net writes it (tfjs's 'same' pads stride-2 convs unevenly). */
const PAD_1: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

interface ConvSetting {
  /** How the setting reads in case names. */
  readonly what: string;
  /** x [n, h, w, cin]. */
  readonly x: readonly number[];
  /** filter [kh, kw, cin, cout]. */
  readonly filter: readonly number[];
  readonly stride: number;
  readonly pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
}

/** The convolutions of gen's U-Net: 3×3 with explicit padding 1 at stride 1 and 2 (even and odd sizes), 1×1. */
const SETTINGS: readonly ConvSetting[] = [
  { what: '3×3, stride 1, padding 1', x: [2, 7, 7, 3], filter: [3, 3, 3, 4], stride: 1, pad: PAD_1 },
  { what: '3×3, stride 2, padding 1, even size 8', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], stride: 2, pad: PAD_1 },
  { what: '3×3, stride 2, padding 1, odd size 7', x: [2, 7, 7, 4], filter: [3, 3, 4, 3], stride: 2, pad: PAD_1 },
  { what: '1×1, valid', x: [2, 5, 5, 6], filter: [1, 1, 6, 4], stride: 1, pad: 'valid' },
  { what: "3×3, stride 1, 'same', 5×6 image", x: [1, 5, 6, 2], filter: [3, 3, 2, 3], stride: 1, pad: 'same' },
  // tfjs pads this one 0 before and 1 after: the uneven padding gen's U-Net avoids, still a case every backend meets.
  { what: "3×3, stride 2, 'same', even size 8", x: [1, 8, 8, 2], filter: [3, 3, 2, 3], stride: 2, pad: 'same' },
  // The last row and column of x reach no window: their input gradient is exactly 0.
  { what: '3×3, stride 2, valid, size 8', x: [1, 8, 8, 2], filter: [3, 3, 2, 2], stride: 2, pad: 'valid' },
];

function conv(setting: ConvSetting) {
  return (x: tf.Tensor, filter: tf.Tensor) =>
    tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, setting.stride, setting.pad);
}

/** The output shape of a setting's conv (for the weights of the gradient cases), computed on the host. */
function outShape(setting: ConvSetting): number[] {
  const x = setting.x as [number, number, number, number];
  const filter = setting.filter as [number, number, number, number];
  return tf.backend_util.computeConv2DInfo(x, filter, setting.stride, 1, setting.pad).outShape;
}

/**
 * Convolutions as gen's U-Net runs them: `Conv2D` forwards, and `Conv2DBackpropInput` and `Conv2DBackpropFilter`
 * through `tf.grad` of Σ w·conv(x, f) (w weights every output entry differently, so that each gradient entry is a
 * distinct sum), for each setting: 3×3 with explicit padding 1 at strides 1 and 2 (even and odd sizes), 1×1, tfjs's
 * 'same' (even and uneven padding) and 'valid' with an input row no window reaches.
 */
export const CONV_CASES: readonly KernelCase[] = SETTINGS.flatMap((setting): KernelCase[] => {
  const [kh, kw, cin] = setting.filter as [number, number, number, number];
  const [n] = setting.x as [number];
  const [, oh, ow, cout] = outShape(setting) as [number, number, number, number];
  const shapes = `x [${setting.x.join(', ')}], filter [${setting.filter.join(', ')}]`;
  const inputs = [uniformInput(setting.x), uniformInput(setting.filter), uniformInput([n, oh, ow, cout])];
  const loss = (x: tf.Tensor, f: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(conv(setting)(x, f), w));
  return [
    {
      name: `Conv2D: ${setting.what}, ${shapes}`,
      kernels: ['Conv2D'],
      inputs: inputs.slice(0, 2),
      run: conv(setting),
      tolerance: sumTolerance(kh * kw * cin),
    },
    {
      name: `Conv2DBackpropInput: tf.grad of Σ w·conv (${setting.what}) for x, ${shapes}`,
      kernels: ['Conv2D', 'Conv2DBackpropInput'],
      inputs,
      run: (x, f, w) => tf.grad((z: tf.Tensor) => loss(z, f as tf.Tensor, w as tf.Tensor))(x as tf.Tensor),
      tolerance: sumTolerance(kh * kw * cout),
    },
    {
      name: `Conv2DBackpropFilter: tf.grad of Σ w·conv (${setting.what}) for the filter, ${shapes}`,
      kernels: ['Conv2D', 'Conv2DBackpropFilter'],
      inputs,
      run: (x, f, w) => tf.grad((g: tf.Tensor) => loss(x as tf.Tensor, g, w as tf.Tensor))(f as tf.Tensor),
      tolerance: sumTolerance(n * oh * ow),
    },
  ];
});
