import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Reciprocal` on the cuda backend: 1 / x, elementwise over a float32 tensor. */
export const reciprocalConfig: tf.KernelConfig = unaryKernel(tf.Reciprocal, UNARY_OP.reciprocal);
