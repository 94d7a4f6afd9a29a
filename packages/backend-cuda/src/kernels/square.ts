import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Square` on the cuda backend: x², elementwise over a float32 (or int32) tensor. */
export const squareConfig: tf.KernelConfig = unaryKernel(tf.Square, UNARY_OP.square, { int32Result: 'int32' });
