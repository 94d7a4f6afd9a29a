import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `Less` on the cuda backend: a < b with broadcasting, a bool result. */
export const lessConfig: tf.KernelConfig = binaryKernel(tf.Less, BINARY_OP.less, 'comparison');
