import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Log1p` on the cuda backend: ln(1 + x), elementwise over a float32 tensor. */
export const log1pConfig: tf.KernelConfig = unaryKernel(tf.Log1p, UNARY_OP.log1p);
