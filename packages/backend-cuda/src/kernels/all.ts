import * as tf from '@tensorflow/tfjs';
import { logicalReductionKernel } from '../kernel-utils/reduce.js';
import { REDUCE_OP } from '../native/binding.js';

/** `All` on the cuda backend: whether every element over `axis` is true (bool). */
export const allConfig: tf.KernelConfig = logicalReductionKernel(tf.All, REDUCE_OP.all);
