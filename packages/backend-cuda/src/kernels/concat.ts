import * as tf from '@tensorflow/tfjs';
import { concatTensors } from '../kernel-utils/concat.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';

/** `Concat` on the cuda backend: the inputs joined along `axis`, one strided copy per input (any dtype). */
export const concatConfig: tf.KernelConfig = cudaKernel<tf.TensorInfo[], tf.ConcatAttrs>(
  tf.Concat,
  (inputs, { axis }, backend) => {
    const tensors = Object.values(inputs);
    const first = tensors[0] as tf.TensorInfo;
    return concatTensors(backend, tensors, tf.util.parseAxisParam(axis, first.shape)[0] as number);
  },
);
