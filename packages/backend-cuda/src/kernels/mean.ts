import * as tf from '@tensorflow/tfjs';
import { runBinary } from '../kernel-utils/binary.js';
import { computeInFloat32 } from '../kernel-utils/cast.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { fillTensor } from '../kernel-utils/fill.js';
import { type AxisAttrs, reduceTensor } from '../kernel-utils/reduce.js';
import { BINARY_OP, REDUCE_OP } from '../native/binding.js';

/**
 * `Mean` on the cuda backend: the sum over `axis` divided by the number of reduced elements (float32 result, for
 * float32 or int32 input; NaN over an empty axis, as 0 / 0).
 */
export const meanConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, AxisAttrs>(
  tf.Mean,
  ({ x }, attrs, backend) => {
    assertDtype(tf.Mean, x.dtype, ['float32', 'int32']);
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape);
    const count = axes.reduce((n, axis) => n * (x.shape[axis] as number), 1);
    return computeInFloat32(backend, [x], 'float32', ([fx]) => {
      const sum = reduceTensor(backend, REDUCE_OP.sum, fx as tf.TensorInfo, axes, attrs.keepDims);
      const divisor = fillTensor(backend, [], 'float32', count);
      const mean = runBinary(backend, BINARY_OP.div, sum, divisor, 'float32');
      for (const t of [sum, divisor]) backend.disposeIntermediate(t);
      return mean;
    });
  },
);
