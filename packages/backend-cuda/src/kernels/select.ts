import { ShapeError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype, DEVICE_DTYPES, dtypeCode } from '../kernel-utils/dtype.js';

/**
 * `Select` on the cuda backend (`tf.where`, which broadcasts its operands to one shape first): out = condition ? t
 * : e elementwise, any dtype of `t` and `e`.
 */
export const selectConfig: tf.KernelConfig = cudaKernel<{
  condition: tf.TensorInfo;
  t: tf.TensorInfo;
  e: tf.TensorInfo;
}>(tf.Select, ({ condition, t, e }, _attrs, backend) => {
  assertDtype(tf.Select, condition.dtype, ['bool']);
  assertDtype(tf.Select, t.dtype, DEVICE_DTYPES);
  const size = tf.util.sizeFromShape(t.shape);
  for (const [name, x] of [
    ['condition', condition],
    ['e', e],
  ] as const) {
    if (!tf.util.arraysEqual(x.shape, t.shape)) throw new ShapeError(name, `[${t.shape.join(', ')}]`, x.shape);
  }
  const out = backend.makeOutput(t.shape, t.dtype);
  if (size > 0) {
    backend.binding.select(
      backend.bufferId(condition),
      backend.bufferId(t),
      backend.bufferId(e),
      backend.bufferId(out),
      size,
      dtypeCode(t.dtype),
    );
  }
  return out;
});
