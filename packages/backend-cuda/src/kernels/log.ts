import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Log` on the cuda backend: ln x, elementwise over a float32 tensor. */
export const logConfig: tf.KernelConfig = unaryKernel(tf.Log, UNARY_OP.log);
