import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Neg` on the cuda backend: −x, elementwise over a float32 (or int32) tensor. */
export const negConfig: tf.KernelConfig = unaryKernel(tf.Neg, UNARY_OP.neg, { int32Result: 'int32' });
