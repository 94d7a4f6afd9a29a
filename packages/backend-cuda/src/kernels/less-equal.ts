import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `LessEqual` on the cuda backend: a ≤ b with broadcasting, a bool result. */
export const lessEqualConfig: tf.KernelConfig = binaryKernel(tf.LessEqual, BINARY_OP.lessEqual, 'comparison');
