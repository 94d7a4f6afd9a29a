import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Relu` on the cuda backend: max(x, 0), elementwise over a float32 (or int32) tensor. */
export const reluConfig: tf.KernelConfig = unaryKernel(tf.Relu, UNARY_OP.relu, { int32Result: 'int32' });
