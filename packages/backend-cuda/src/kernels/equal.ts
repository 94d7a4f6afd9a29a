import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `Equal` on the cuda backend: a = b with broadcasting, a bool result. */
export const equalConfig: tf.KernelConfig = binaryKernel(tf.Equal, BINARY_OP.equal, 'comparison');
