import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Abs` on the cuda backend: |x|, elementwise over a float32 (or int32) tensor. */
export const absConfig: tf.KernelConfig = unaryKernel(tf.Abs, UNARY_OP.abs, { int32Result: 'int32' });
