import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `Greater` on the cuda backend: a > b with broadcasting, a bool result. */
export const greaterConfig: tf.KernelConfig = binaryKernel(tf.Greater, BINARY_OP.greater, 'comparison');
