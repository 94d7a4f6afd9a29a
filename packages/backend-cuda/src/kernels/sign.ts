import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Sign` on the cuda backend: sign(x) (−1, 0 or 1), elementwise over a float32 (or int32) tensor. */
export const signConfig: tf.KernelConfig = unaryKernel(tf.Sign, UNARY_OP.sign, { int32Result: 'int32' });
