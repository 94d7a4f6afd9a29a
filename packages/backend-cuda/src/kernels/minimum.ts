import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `Minimum` on the cuda backend: min(a, b) with broadcasting, float32 (int32 computed in float32, truncated back toward zero). */
export const minimumConfig: tf.KernelConfig = binaryKernel(tf.Minimum, BINARY_OP.minimum, 'arithmetic');
