import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `GreaterEqual` on the cuda backend: a ≥ b with broadcasting, a bool result. */
export const greaterEqualConfig: tf.KernelConfig = binaryKernel(tf.GreaterEqual, BINARY_OP.greaterEqual, 'comparison');
