import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `Pow` on the cuda backend: aᵇ with broadcasting, float32 (int32 computed in float32, truncated back toward zero). */
export const powConfig: tf.KernelConfig = binaryKernel(tf.Pow, BINARY_OP.pow, 'arithmetic');
