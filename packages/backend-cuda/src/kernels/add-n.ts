import * as tf from '@tensorflow/tfjs';
import { computeInFloat32 } from '../kernel-utils/cast.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype, type DeviceDtype } from '../kernel-utils/dtype.js';
import { linearCombinationTensor } from '../kernel-utils/linear-combination.js';

/** `AddN` on the cuda backend: the sum of same-shaped tensors in one launch (float32, or int32 in float32). */
export const addNConfig: tf.KernelConfig = cudaKernel<tf.TensorInfo[]>(tf.AddN, (inputs, _attrs, backend) => {
  const tensors = Object.values(inputs);
  const first = tensors[0] as tf.TensorInfo;
  for (const t of tensors) assertDtype(tf.AddN, t.dtype, ['float32', 'int32']);
  return computeInFloat32(backend, tensors, first.dtype as DeviceDtype, ([base, ...terms]) =>
    linearCombinationTensor(
      backend,
      base as tf.TensorInfo,
      terms,
      terms.map(() => 1),
    ),
  );
});
