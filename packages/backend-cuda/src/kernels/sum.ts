import * as tf from '@tensorflow/tfjs';
import { type AxisAttrs, numericReductionKernel } from '../kernel-utils/reduce.js';
import { REDUCE_OP } from '../native/binding.js';

/** `Sum` on the cuda backend: the sum over `axis` (float32, or int32 summed in float32). */
export const sumConfig: tf.KernelConfig = numericReductionKernel<AxisAttrs>(
  tf.Sum,
  REDUCE_OP.sum,
  (attrs) => attrs.axis,
);
