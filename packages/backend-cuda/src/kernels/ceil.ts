import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Ceil` on the cuda backend: ⌈x⌉, elementwise over a float32 tensor. */
export const ceilConfig: tf.KernelConfig = unaryKernel(tf.Ceil, UNARY_OP.ceil);
