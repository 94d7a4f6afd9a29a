import * as tf from '@tensorflow/tfjs';
import { runBinary } from '../kernel-utils/binary.js';
import { computeInFloat32 } from '../kernel-utils/cast.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { fillTensor } from '../kernel-utils/fill.js';
import { BINARY_OP } from '../native/binding.js';

/** `LogicalNot` on the cuda backend: ¬x for a bool tensor, computed as x = 0. */
export const logicalNotConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }>(
  tf.LogicalNot,
  ({ x }, _attrs, backend) => {
    assertDtype(tf.LogicalNot, x.dtype, ['bool']);
    return computeInFloat32(backend, [x], 'bool', ([fx]) => {
      const zero = fillTensor(backend, [], 'float32', 0);
      const out = runBinary(backend, BINARY_OP.equal, fx as tf.TensorInfo, zero, 'bool');
      backend.disposeIntermediate(zero);
      return out;
    });
  },
);
