import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import type { DeviceDtype } from '../kernel-utils/dtype.js';
import { fillTensor } from '../kernel-utils/fill.js';
import { copyStrided } from '../kernel-utils/strided-copy.js';
import { rowMajorStrides } from '../kernel-utils/strides.js';

/** `PadV2` on the cuda backend (`tf.pad`): the output filled with `constantValue`, then `x` copied into its interior. */
export const padV2Config: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, tf.PadV2Attrs>(
  tf.PadV2,
  ({ x }, { paddings, constantValue }, backend) => {
    const outShape = x.shape.map((n, d) => {
      const [before, after] = paddings[d] as [number, number];
      return before + n + after;
    });
    const out = fillTensor(backend, outShape, x.dtype as DeviceDtype, constantValue);
    const outStrides = rowMajorStrides(outShape);
    const offset = paddings.reduce((sum, [before], d) => sum + before * (outStrides[d] as number), 0);
    copyStrided(
      backend,
      { tensor: x, offset: 0, strides: rowMajorStrides(x.shape) },
      { tensor: out, offset, strides: outStrides },
      x.shape,
    );
    return out;
  },
);
