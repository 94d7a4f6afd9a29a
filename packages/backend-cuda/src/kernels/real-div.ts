import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `RealDiv` on the cuda backend: a / b with broadcasting, float32 (int32 computed in float32, truncated back toward zero). */
export const realDivConfig: tf.KernelConfig = binaryKernel(tf.RealDiv, BINARY_OP.div, 'arithmetic');
