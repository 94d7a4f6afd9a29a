import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `NotEqual` on the cuda backend: a ≠ b with broadcasting, a bool result. */
export const notEqualConfig: tf.KernelConfig = binaryKernel(tf.NotEqual, BINARY_OP.notEqual, 'comparison');
