import * as tf from '@tensorflow/tfjs';
import { type AxisAttrs, numericReductionKernel } from '../kernel-utils/reduce.js';
import { REDUCE_OP } from '../native/binding.js';

/** `Prod` on the cuda backend: the product over `axis` (float32, or int32 multiplied in float32). */
export const prodConfig: tf.KernelConfig = numericReductionKernel<AxisAttrs>(
  tf.Prod,
  REDUCE_OP.prod,
  (attrs) => attrs.axis,
);
