import * as tf from '@tensorflow/tfjs';
import { numericReductionKernel } from '../kernel-utils/reduce.js';
import { REDUCE_OP } from '../native/binding.js';

/** `Max` on the cuda backend: the maximum over `reductionIndices` (float32 or int32). */
export const maxConfig: tf.KernelConfig = numericReductionKernel<tf.MaxAttrs>(
  tf.Max,
  REDUCE_OP.max,
  (attrs) => attrs.reductionIndices,
);
