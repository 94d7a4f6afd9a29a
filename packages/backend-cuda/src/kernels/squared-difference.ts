import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `SquaredDifference` on the cuda backend: (a − b)² with broadcasting, float32 (int32 computed in float32, truncated back toward zero). */
export const squaredDifferenceConfig: tf.KernelConfig = binaryKernel(
  tf.SquaredDifference,
  BINARY_OP.squaredDifference,
  'arithmetic',
);
