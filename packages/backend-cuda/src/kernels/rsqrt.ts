import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Rsqrt` on the cuda backend: 1 / √x, elementwise over a float32 tensor. */
export const rsqrtConfig: tf.KernelConfig = unaryKernel(tf.Rsqrt, UNARY_OP.rsqrt);
