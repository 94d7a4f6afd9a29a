import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `Maximum` on the cuda backend: max(a, b) with broadcasting, float32 (int32 computed in float32, truncated back toward zero). */
export const maximumConfig: tf.KernelConfig = binaryKernel(tf.Maximum, BINARY_OP.maximum, 'arithmetic');
