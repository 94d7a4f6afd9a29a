import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Sigmoid` on the cuda backend: 1 / (1 + e⁻ˣ), elementwise over a float32 tensor. */
export const sigmoidConfig: tf.KernelConfig = unaryKernel(tf.Sigmoid, UNARY_OP.sigmoid);
