import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { sliceTensor } from '../kernel-utils/slice.js';

/** `Slice` on the cuda backend: the box `begin … begin + size`, as one strided copy (any dtype). */
export const sliceConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, tf.SliceAttrs>(
  tf.Slice,
  ({ x }, attrs, backend) => {
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
    tf.slice_util.assertParamsValid(x, begin, size);
    return sliceTensor(backend, x, begin, size);
  },
);
