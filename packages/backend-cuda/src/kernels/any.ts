import * as tf from '@tensorflow/tfjs';
import { logicalReductionKernel } from '../kernel-utils/reduce.js';
import { REDUCE_OP } from '../native/binding.js';

/** `Any` on the cuda backend: whether some element over `axis` is true (bool). */
export const anyConfig: tf.KernelConfig = logicalReductionKernel(tf.Any, REDUCE_OP.any);
