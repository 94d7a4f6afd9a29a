import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Sin` on the cuda backend: sin x, elementwise over a float32 tensor. */
export const sinConfig: tf.KernelConfig = unaryKernel(tf.Sin, UNARY_OP.sin);
