import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Cos` on the cuda backend: cos x, elementwise over a float32 tensor. */
export const cosConfig: tf.KernelConfig = unaryKernel(tf.Cos, UNARY_OP.cos);
