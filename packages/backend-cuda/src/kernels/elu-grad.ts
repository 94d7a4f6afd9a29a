import * as tf from '@tensorflow/tfjs';
import { runBinary } from '../kernel-utils/binary.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { BINARY_OP } from '../native/binding.js';

/** `EluGrad` on the cuda backend (the gradient of `Elu`): y > 0 ? dy : dy·(y + 1), float32. */
export const eluGradConfig: tf.KernelConfig = cudaKernel<{ dy: tf.TensorInfo; y: tf.TensorInfo }>(
  tf.EluGrad,
  ({ dy, y }, _attrs, backend) => {
    assertDtype(tf.EluGrad, dy.dtype, ['float32']);
    assertDtype(tf.EluGrad, y.dtype, ['float32']);
    return runBinary(backend, BINARY_OP.eluGrad, dy, y, 'float32');
  },
);
