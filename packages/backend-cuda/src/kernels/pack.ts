import * as tf from '@tensorflow/tfjs';
import { concatTensors } from '../kernel-utils/concat.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';

/** `Pack` on the cuda backend (`tf.stack`): the inputs stacked along a new `axis`, one strided copy per input. */
export const packConfig: tf.KernelConfig = cudaKernel<tf.TensorInfo[], tf.PackAttrs>(
  tf.Pack,
  (inputs, { axis }, backend) => {
    const tensors = Object.values(inputs);
    const shape = (tensors[0] as tf.TensorInfo).shape;
    const at = axis < 0 ? axis + shape.length + 1 : axis;
    const expanded = [...shape.slice(0, at), 1, ...shape.slice(at)];
    const views = tensors.map((t) => backend.share(t, expanded));
    const out = concatTensors(backend, views, at);
    for (const view of views) backend.disposeIntermediate(view);
    return out;
  },
);
