import * as tf from '@tensorflow/tfjs';
import { type AxisAttrs, numericReductionKernel } from '../kernel-utils/reduce.js';
import { REDUCE_OP } from '../native/binding.js';

/** `Min` on the cuda backend: the minimum over `axis` (float32 or int32). */
export const minConfig: tf.KernelConfig = numericReductionKernel<AxisAttrs>(
  tf.Min,
  REDUCE_OP.min,
  (attrs) => attrs.axis,
);
