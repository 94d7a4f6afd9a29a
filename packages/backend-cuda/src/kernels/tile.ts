import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import type { DeviceDtype } from '../kernel-utils/dtype.js';
import { int32Dims } from '../kernel-utils/strides.js';

/** `Tile` on the cuda backend (`tf.tile`, and `tf.broadcastTo`): `x` repeated `reps[d]` times along each dimension. */
export const tileConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, tf.TileAttrs>(
  tf.Tile,
  ({ x }, { reps }, backend) => {
    const dtype = x.dtype as DeviceDtype;
    const outShape = x.shape.map((n, d) => n * (reps[d] as number));
    const out = backend.makeOutput(outShape, dtype);
    if (tf.util.sizeFromShape(outShape) > 0) {
      backend.binding.tile(
        backend.bufferId(x),
        backend.bufferId(out),
        int32Dims(x.shape, 'x.shape'),
        int32Dims(outShape, 'shape'),
        tf.util.bytesPerElement(dtype),
      );
    }
    return out;
  },
);
