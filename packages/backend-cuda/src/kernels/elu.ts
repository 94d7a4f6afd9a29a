import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Elu` on the cuda backend: x > 0 ? x : eˣ − 1, elementwise over a float32 tensor. */
export const eluConfig: tf.KernelConfig = unaryKernel(tf.Elu, UNARY_OP.elu);
